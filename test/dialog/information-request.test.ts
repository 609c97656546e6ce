// An agent asks the consumer for information; the consumer's next chat message is the answer:
// routing records it, the case stops waiting (back to the agent who asked), its deadline is
// cancelled, and the bot stays silent because a person holds the case. An e-mail address the
// consumer writes is kept as the case's contact. On PGlite and PostgreSQL.
import { expect, it } from 'vitest';
import { handleConsumerMessage, type DialogDeps } from '../../bot/dialog/dialog.ts';
import { t } from '../../bot/dialog/catalogue.ts';
import { findAnswer } from '../../bot/dialog/knowledge.ts';
import { caseEvents, findCaseByRef, notifyInTransaction, openCase, runCaseCommand } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { join } from 'node:path';
import { createIntentService } from '../../intents/index.ts';
import { temporaryDir } from '../intents/trained.ts';

const intents = createIntentService({ modelPath: join(temporaryDir(), 'model.json') });
const T0 = new Date('2026-05-04T08:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describeEachDriver('a consumer answering an information request', (current) => {
  function deps(): DialogDeps {
    return {
      db: current().db,
      signal: notifyInTransaction(),
      classify: (text, options) => intents.classify(text, options),
      findAnswer,
      threshold: intents.threshold,
      ombudsmanUrl: 'http://localhost/ombudsman',
    };
  }

  it('hands the case back to the agent who asked, cancels the deadline, and the bot stays silent', async () => {
    const context = deps();
    const consumerId = `consumer-${current().kind}`;
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId, intent: 'invoice', language: 'sv' },
      T0,
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    const agent = { kind: 'agent', id: 'U0ANNA', tier: 'customer_service' } as const;
    await runCaseCommand(context, ref, { type: 'pick_up', actor: agent }, minutes(1));
    const asked = await runCaseCommand(
      context,
      ref,
      { type: 'request_info', actor: agent, from: 'consumer' },
      minutes(2),
    );
    expect(asked.ok && asked.stored.case.status).toBe('awaiting_consumer');

    const replies = await handleConsumerMessage(context, {
      consumerId,
      channel: 'web',
      text: 'Fakturan gäller ordernummer 55512345, köpt den 2 maj',
      now: minutes(30),
    });

    expect(replies).toEqual([]);
    const after = await findCaseByRef(current().db, ref);
    expect(after!.case.status).toBe('assigned');
    expect(after!.case.assignee).toBe('U0ANNA');
    const types = (await caseEvents(current().db, after!.id)).map((event) => event.type);
    expect(types).toContain('consumer_replied');
    expect(types).toContain('info_received');
    const { rows } = await current().db.query<{ open: number }>(
      "SELECT count(*)::int AS open FROM case_timers WHERE case_id = $1 AND kind = 'consumer_info' AND fired_at IS NULL AND cancelled_at IS NULL",
      [after!.id],
    );
    expect(rows[0]!.open).toBe(0);
  });

  it("an e-mail address the consumer writes becomes their case's contact (for the ombudsman's one-time code)", async () => {
    const context = deps();
    const consumerId = `mail-${current().kind}`;
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId, intent: 'unrecognized_purchase', language: 'de' },
      T0,
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const contact = async () =>
      (
        await current().db.query<{ email: string }>('SELECT email FROM case_contacts WHERE case_id = $1', [
          opened.stored.id,
        ])
      ).rows[0]?.email;
    await handleConsumerMessage(context, {
      consumerId,
      channel: 'web',
      text: 'Wie ist der Stand meines Falls?',
      now: minutes(5),
    });
    expect(await contact()).toBeUndefined();
    await handleConsumerMessage(context, {
      consumerId,
      channel: 'web',
      text: 'Sie erreichen mich unter anna.berg@example.de',
      now: minutes(6),
    });
    expect(await contact()).toBe('anna.berg@example.de');
  });

  it('a message while the case is not waiting for the consumer changes nothing on the case', async () => {
    const context = deps();
    const consumerId = `quiet-${current().kind}`;
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId, intent: 'invoice', language: 'sv' },
      T0,
    );
    if (!opened.ok) throw new Error(opened.error.code);
    await runCaseCommand(
      context,
      opened.stored.case.ref,
      { type: 'pick_up', actor: { kind: 'agent', id: 'U0BO', tier: 'customer_service' } },
      minutes(1),
    );
    const before = await findCaseByRef(current().db, opened.stored.case.ref);
    await handleConsumerMessage(context, { consumerId, channel: 'web', text: 'Hallå, är ni kvar?', now: minutes(5) });
    const after = await findCaseByRef(current().db, opened.stored.case.ref);
    expect(after!.version).toBe(before!.version);
  });
  it('a consumer who asks for a final statement while a person holds the case has it recorded, due in 14 days, and the bot stays silent', async () => {
    const context = deps();
    const consumerId = `consumer-statement-${current().kind}`;
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId, intent: 'invoice', language: 'sv' },
      T0,
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    await runCaseCommand(
      context,
      ref,
      { type: 'pick_up', actor: { kind: 'agent', id: 'U0ANNA', tier: 'customer_service' } },
      minutes(1),
    );
    const replies = await handleConsumerMessage(context, {
      consumerId,
      channel: 'web',
      text: 'Jag vill ha ett slutligt besked i det här ärendet',
      now: minutes(10),
    });
    expect(replies).toEqual([]);
    const after = await findCaseByRef(current().db, ref);
    expect(after!.case).toMatchObject({
      status: 'assigned',
      assignee: 'U0ANNA',
      finalStatementDueAt: new Date(minutes(10).getTime() + 14 * 86_400_000),
    });
    expect((await caseEvents(current().db, after!.id)).map((event) => event.type)).toContain(
      'final_statement_requested',
    );
  });
  it('asked again after its date, the final statement is said to be overdue, not due on a date that has passed', async () => {
    const context = deps();
    const consumerId = `consumer-overdue-${current().kind}`;
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId, intent: 'invoice', language: 'sv' },
      T0,
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    const asked = await runCaseCommand(
      context,
      ref,
      { type: 'request_final_statement', actor: { kind: 'consumer', id: consumerId } },
      minutes(1),
    );
    expect(asked.ok).toBe(true);
    const replies = await handleConsumerMessage(context, {
      consumerId,
      channel: 'web',
      text: 'Jag vill ha ett slutligt besked nu',
      now: minutes(20 * 24 * 60),
    });
    expect(replies.map((reply) => reply.text)).toContain(t('sv', 'final_statement_overdue_told', { ref }));
  });
});

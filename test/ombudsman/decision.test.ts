// The ombudsman's decision, on PGlite and PostgreSQL: an overturn is carried out (a chargeback
// instead of the reactivated invoice), the consumer is told in their language, in their chat
// history and live through the relay, and the tier concerned gets a process-feedback note; an
// upheld decision keeps the outcome; refusals write nothing.
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startConsumerRelay } from '../../bot/web/relay.ts';
import type { AuthenticatedWebAdapter } from '../../bot/web/adapter.ts';
import { findCaseByRef, processFeedbackFor } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import {
  bearer,
  Clock,
  contextFor,
  CS,
  decidedForMerchant,
  footprint,
  newSession,
  OMBUDSMAN_TOKEN,
  open,
  postJson,
  run,
  startTestService,
  type TestService,
} from './support.ts';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const omb = bearer(OMBUDSMAN_TOKEN);

describeEachDriver("the ombudsman's decision", (current) => {
  let service: TestService;
  const delivered: { user: string; frame: any }[] = [];
  let relay: { stop(): Promise<void> };
  beforeAll(async () => {
    service = await startTestService(current().db);
    // The relay as the service runs it, with the consumer's socket standing in.
    const adapter = {
      isConnected: () => true,
      sendToUser: (user: string, frame: unknown) => delivered.push({ user, frame }),
    } as unknown as AuthenticatedWebAdapter;
    relay = await startConsumerRelay({ db: current().db, adapter, log: pino({ level: 'silent' }), catchUpMs: 500 });
  });
  afterAll(async () => {
    await relay.stop();
    await service.stop();
  });

  /** A case decided for the merchant, with a final statement, requested by its consumer. */
  async function requested(language: 'sv' | 'en' = 'sv') {
    const consumer = newSession();
    const decided = await decidedForMerchant(contextFor(current().db), consumer.user, new Clock(T0), { language });
    const filed = await postJson(
      `${service.base}/api/ombudsman/requests`,
      { caseRef: decided.case.ref, statement: 'The tracking is for another parcel.', desiredOutcome: 'My money back.' },
      bearer(consumer.token),
    );
    expect(filed.status).toBe(201);
    return { consumer, ref: decided.case.ref, caseId: decided.id };
  }

  const decide = (ref: string, body: unknown, headers: Record<string, string> = omb) =>
    postJson(`${service.base}/api/ombudsman/cases/${ref}/decision`, body, headers);

  it('an overturn changes the outcome (chargeback instead of the reactivated invoice) and the consumer sees it in their language', async () => {
    const { consumer, ref, caseId } = await requested('sv');
    const response = await decide(ref, {
      decision: 'overturned',
      newOutcome: 'chargeback',
      reasoning: 'Spårningsnumret hör till ett annat paket.',
      feedback: 'Check that the tracking number matches the order before deciding for the merchant.',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      case: { ref, tier: 'ombudsman', status: 'resolved', outcome: 'chargeback', invoiceState: 'charged_back' },
      decision: 'overturned',
      feedbackTier: 'investigation',
    });
    const stored = (await findCaseByRef(current().db, ref))!;
    expect(stored.case).toMatchObject({
      outcome: 'chargeback',
      invoiceState: 'charged_back',
      ombudsmanDecision: 'overturned',
      status: 'resolved',
    });

    // In their chat history, in Swedish, with the new outcome and the reasoning.
    const history = await (await fetch(`${service.base}/api/chat/history`, { headers: bearer(consumer.token) })).json();
    const told = history.messages.at(-1);
    expect(told.direction).toBe('out');
    expect(told.text).toContain(`Kundombudet har prövat ditt ärende ${ref} och ändrat vårt beslut.`);
    expect(told.text).toContain('Beslutet gick till din fördel');
    expect(told.text).toContain('Spårningsnumret hör till ett annat paket.');
    expect(told.case).toMatchObject({ ref, status: 'resolved' });

    // Delivered live to the consumer's socket by the relay, as the ombudsman's message.
    await expect
      .poll(() => delivered.find((d) => d.user === consumer.user && d.frame.from === 'ombudsman')?.frame, {
        timeout: 5_000,
      })
      .toMatchObject({ type: 'message', text: told.text, from: 'ombudsman' });

    // The request row, the history and the team's feedback.
    const { rows } = await current().db.query<Record<string, unknown>>(
      'SELECT decision, reasoning, decided_by, previous_outcome, new_outcome FROM ombudsman_requests WHERE case_id = $1',
      [caseId],
    );
    expect(rows).toEqual([
      {
        decision: 'overturned',
        reasoning: 'Spårningsnumret hör till ett annat paket.',
        decided_by: 'ombudsman:omb-1',
        previous_outcome: 'invoice_reactivated',
        new_outcome: 'chargeback',
      },
    ]);
    const feedback = await processFeedbackFor(current().db, 'investigation');
    expect(feedback[0]).toMatchObject({
      caseRef: ref,
      decision: 'overturned',
      note: 'Check that the tracking number matches the order before deciding for the merchant.',
      author: 'ombudsman:omb-1',
    });
    const events = await current().db.query<{ type: string }>(
      'SELECT type FROM case_events WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    expect(events.rows.map((e) => e.type).slice(-6)).toEqual([
      'picked_up',
      'ombudsman_decided',
      'invoice_charged_back',
      'outcome_changed',
      'process_feedback',
      'resolved',
    ]);

    // The dossier now carries the decision and the feedback.
    const dossier = await (await fetch(`${service.base}/api/ombudsman/cases/${ref}/dossier`, { headers: omb })).json();
    expect(dossier.decisions.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['ombudsman_decided', 'outcome_changed']),
    );
    expect(dossier.processFeedback).toEqual([
      expect.objectContaining({ tier: 'investigation', decision: 'overturned' }),
    ]);
  });

  it('an upheld decision keeps the outcome in force, tells the consumer in English for an English case, and sends the reasoning as feedback', async () => {
    const { consumer, ref } = await requested('en');
    const response = await decide(ref, { decision: 'upheld', reasoning: 'The delivery is proven by a signature.' });
    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({
      status: 'resolved',
      outcome: 'invoice_reactivated',
      invoiceState: 'reactivated',
    });
    const history = await (await fetch(`${service.base}/api/chat/history`, { headers: bearer(consumer.token) })).json();
    expect(history.messages.at(-1).text).toBe(
      `The customer ombudsman has reviewed your case ${ref} and upholds our final statement. The ombudsman's reasoning: The delivery is proven by a signature.`,
    );
    const feedback = await processFeedbackFor(current().db, 'investigation');
    expect(feedback.find((f) => f.caseRef === ref)).toMatchObject({
      decision: 'upheld',
      note: 'The delivery is proven by a signature.',
    });
  });

  it('an overturn that cannot be carried out is refused, and nothing is written (the case stays in the queue)', async () => {
    const consumer = newSession();
    const clock = new Clock(T0);
    const opened = await open(contextFor(current().db), consumer.user, 'invoice', clock.now);
    const ref = opened.case.ref;
    await run(contextFor(current().db), ref, { type: 'pick_up', actor: CS }, clock.tick());
    await run(contextFor(current().db), ref, { type: 'resolve', actor: CS, outcome: 'answered' }, clock.tick());
    await run(
      contextFor(current().db),
      ref,
      { type: 'issue_final_statement', actor: CS, text: 'No payment break is possible.' },
      clock.tick(),
    );
    expect(
      (
        await postJson(
          `${service.base}/api/ombudsman/requests`,
          { caseRef: ref, statement: 's', desiredOutcome: 'd' },
          bearer(consumer.token),
        )
      ).status,
    ).toBe(201);
    const before = await footprint(current().db, ref);
    const response = await decide(ref, { decision: 'overturned', newOutcome: 'chargeback', reasoning: 'x' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('invoice_change_not_possible');
    expect(await footprint(current().db, ref)).toEqual(before);
    expect((await findCaseByRef(current().db, ref))!.case).toMatchObject({ status: 'queued', assignee: null });
  });

  it('bad bodies are 400 with a sentence; a case not at the ombudsman is 409; a decided case cannot be decided again; nothing is written', async () => {
    const { ref } = await requested();
    const before = await footprint(current().db, ref);
    const noOutcome = await decide(ref, { decision: 'overturned', reasoning: 'x' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.error.message).toMatch(/names the outcome to carry out/);
    const upheldWithOutcome = await decide(ref, { decision: 'upheld', reasoning: 'x', newOutcome: 'chargeback' });
    expect(upheldWithOutcome.status).toBe(400);
    const noReasoning = await decide(ref, { decision: 'upheld' });
    expect(noReasoning.body.error.message).toMatch(/reasoning/);
    const badDecision = await decide(ref, { decision: 'maybe', reasoning: 'x' });
    expect(badDecision.body.error.message).toMatch(/upheld" or "overturned/);
    expect(await footprint(current().db, ref)).toEqual(before);

    const consumer = newSession();
    const notRequested = await decidedForMerchant(contextFor(current().db), consumer.user, new Clock(T0));
    const elsewhere = await decide(notRequested.case.ref, { decision: 'upheld', reasoning: 'x' });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.code).toBe('not_with_ombudsman');
    const missing = await decide('OMB-00000000', { decision: 'upheld', reasoning: 'x' });
    expect(missing.status).toBe(404);

    expect((await decide(ref, { decision: 'upheld', reasoning: 'ok' })).status).toBe(200);
    const after = await footprint(current().db, ref);
    const again = await decide(ref, { decision: 'overturned', newOutcome: 'chargeback', reasoning: 'second thoughts' });
    expect(again.status).toBe(409);
    expect(await footprint(current().db, ref)).toEqual(after);
  });

  it("only the ombudsman decides: a consumer's or an agent's credentials get 401 and change nothing", async () => {
    const { consumer, ref } = await requested();
    const before = await footprint(current().db, ref);
    for (const headers of [
      bearer(consumer.token),
      bearer(newSession().token),
      bearer('xoxb-agent-token-0000000000000000'),
    ]) {
      const response = await decide(
        ref,
        { decision: 'overturned', newOutcome: 'chargeback', reasoning: 'I say so.' },
        headers,
      );
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('not_the_ombudsman');
    }
    expect((await decide(ref, { decision: 'upheld', reasoning: 'x' }, {})).status).toBe(401);
    expect(await footprint(current().db, ref)).toEqual(before);
  });
});

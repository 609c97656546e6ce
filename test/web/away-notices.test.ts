// Told when away (issue 18), on both drivers: agents' replies to a consumer with no open socket
// reach a real SMTP sink (smtp-server, through the service's own nodemailer mailer) at the case's
// contact address: one e-mail for two replies within 15 minutes, none while the consumer is
// connected (through this replica or another), one again after 15 minutes; the subject names the
// case only and the body carries the message masked, in the case's language, with the link to the
// chat. With an app backend the outbox gets `consumer.message` for each notice; two replicas
// deciding on the same messages send once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postAgentReply } from '../../bot/dialog/agent-reply.ts';
import { smtpMailer } from '../../bot/ombudsman/index.ts';
import { startAwayNotices, type PresenceSource } from '../../bot/web/away.ts';
import { createLogger } from '../../bot/log.ts';
import { APP_DESTINATION, notifyInTransaction, openCase, runCaseCommand, setCaseContact } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

/** A replica's sockets, as the web adapter reports them. */
function fakeSockets(): PresenceSource & { open(user: string): void; close(user: string): void } {
  const users = new Set<string>();
  const listeners = new Set<(user: string, connected: boolean) => void>();
  return {
    connectedUsers: () => [...users],
    onPresenceChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    open(user) {
      users.add(user);
      for (const listener of listeners) listener(user, true);
    },
    close(user) {
      users.delete(user);
      for (const listener of listeners) listener(user, false);
    },
  };
}

const CS = { id: 'cs-anna', tier: 'customer_service' } as const;
const PUBLIC_URL = 'https://chat.example.test';

describeEachDriver('told when away', (current) => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let mailer: ReturnType<typeof smtpMailer>;
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const log = createLogger('silent');
  let consumerSeq = 0;

  beforeAll(async () => {
    sink = await startSmtpSink();
    mailer = smtpMailer({ url: sink.url, from: 'Ombud <no-reply@ombud.test>' });
  });
  afterAll(async () => {
    mailer.close();
    await sink.close();
  });

  async function caseWithContact(language: string, email: string) {
    const consumerId = `c_away${String(++consumerSeq).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`;
    const context = { db: current().db, signal: notifyInTransaction() };
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId, intent: 'invoice', language: language as 'sv' },
      clock(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    const picked = await runCaseCommand(context, ref, { type: 'pick_up', actor: { kind: 'agent', ...CS } }, clock());
    if (!picked.ok) throw new Error(picked.error.code);
    await setCaseContact(current().db, opened.stored.id, email, clock());
    const reply = async (text: string) => {
      const posted = await postAgentReply(context, { caseRef: ref, agent: CS, text, now: clock() });
      if (!posted.ok) throw new Error(posted.error.code);
      return posted.message;
    };
    return { consumerId, ref, caseId: opened.stored.id, reply };
  }

  const notifier = (presence?: PresenceSource, appEvents = false) =>
    startAwayNotices({
      db: current().db,
      presence,
      mailer,
      appEvents,
      publicUrl: PUBLIC_URL,
      log,
      now: clock,
      graceMs: 0,
      scanMs: 60_000,
      heartbeatMs: 60_000,
    });

  const mailsTo = (address: string) => sink.mails.filter((mail) => mail.to.includes(address));
  async function settle(...scans: (() => Promise<void>)[]) {
    for (const scan of scans) await scan();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  it('two replies to a consumer who is away are one e-mail; the subject names the case only; the body is the masked message with the chat link', async () => {
    const away = await notifier();
    try {
      const { ref, reply } = await caseWithContact('sv', 'anna.away@example.se');
      await reply(
        'Hej Anna! Vi har pausat fakturan. Kortet 4111 1111 1111 1111 och personnummer 19811218-9876 syns inte här.',
      );
      await settle(away.scan);
      await reply('En sak till: vi hör av oss i morgon.');
      await settle(away.scan);

      const mails = mailsTo('anna.away@example.se');
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail!.subject).toBe(`Nytt meddelande om ditt ärende ${ref}`);
      expect(mail!.subject).not.toMatch(/Anna|fakturan|4111|19811218/);
      expect(mail!.body).toContain('Du har fått ett nytt meddelande om ditt ärende');
      expect(mail!.body).toContain('Kortet [card] och personnummer [personal_id] syns inte här.');
      expect(mail!.body).not.toMatch(/4111|19811218/);
      expect(mail!.body).toContain(`Läs det och svara i chatten: ${PUBLIC_URL}/`);
      expect(mail!.body).toContain('högst en gång per 15 minuter');
    } finally {
      await away.stop();
    }
  });

  it('none while the consumer is connected, on this replica or another; one once they left', async () => {
    const socketsA = fakeSockets();
    const replicaA = await notifier(socketsA);
    const replicaB = await notifier(fakeSockets());
    try {
      const { consumerId, reply } = await caseWithContact('en', 'bo.connected@example.se');
      socketsA.open(consumerId);
      await settle();
      await reply('I can see the payment now.');
      await settle(replicaA.scan, replicaB.scan);
      expect(mailsTo('bo.connected@example.se')).toHaveLength(0);

      socketsA.close(consumerId);
      await settle();
      await reply('The refund is on its way.');
      await settle(replicaB.scan, replicaA.scan);
      const mails = mailsTo('bo.connected@example.se');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toMatch(/^New message about your case OMB-/);
      expect(mails[0]!.body).toContain('“The refund is on its way.”');
    } finally {
      await replicaA.stop();
      await replicaB.stop();
    }
  });

  it('15 minutes after the last notice the next reply is told again, with consumer.message in the outbox for each notice', async () => {
    const away = await notifier(undefined, true);
    try {
      const { consumerId, ref, caseId, reply } = await caseWithContact('de', 'carla.later@example.de');
      const first = await reply('Wir prüfen die Rechnung. IBAN DE89 3704 0044 0532 0130 00 bitte nicht senden.');
      await settle(away.scan);
      offsetMs += 10 * 60_000;
      await reply('Noch ein Hinweis.');
      await settle(away.scan);
      expect(mailsTo('carla.later@example.de')).toHaveLength(1);
      offsetMs += 6 * 60_000;
      const third = await reply('Die Gutschrift ist gebucht.');
      await settle(away.scan);
      const mails = mailsTo('carla.later@example.de');
      expect(mails).toHaveLength(2);
      expect(mails[1]!.subject).toBe(`Neue Nachricht zu Ihrem Anliegen ${ref}`);
      expect(mails[1]!.body).toContain('„Die Gutschrift ist gebucht.“');

      const { rows } = await current().db.query<{ type: string; data: Record<string, unknown>; destination: string }>(
        'SELECT type, data, destination FROM outbox WHERE case_id = $1 ORDER BY seq',
        [caseId],
      );
      expect(rows.map((row) => [row.destination, row.type])).toEqual([
        [APP_DESTINATION, 'consumer.message'],
        [APP_DESTINATION, 'consumer.message'],
      ]);
      expect(rows[0]!.data).toEqual({
        caseRef: ref,
        consumerId,
        messageId: first.id,
        preview: 'Wir prüfen die Rechnung. IBAN [iban] bitte nicht senden.',
        created: first.createdAt.toISOString(),
      });
      expect(rows[1]!.data).toMatchObject({
        caseRef: ref,
        messageId: third.id,
        preview: 'Die Gutschrift ist gebucht.',
      });
    } finally {
      await away.stop();
    }
  });

  it('across a restart the 15 minutes hold: a new notifier does not tell of a reply the last one covered', async () => {
    const before = await notifier();
    const { reply } = await caseWithContact('fi', 'dani.restart@example.fi');
    await reply('Tarkistamme asian.');
    await settle(before.scan);
    await before.stop();
    const after = await notifier();
    try {
      await reply('Palaamme huomenna.');
      await settle(after.scan);
      const mails = mailsTo('dani.restart@example.fi');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toMatch(/^Uusi viesti asiastasi OMB-/);
    } finally {
      await after.stop();
    }
  });
});

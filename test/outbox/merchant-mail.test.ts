// The merchant's e-mail beside its webhook (issue 17, docs/events.md "The merchant's e-mail"):
// written for each dispute event of a merchant with a contact address, in its language, from the
// webhook's body only; sent where SMTP_URL is set, marked skipped (never piled up) where it is
// not; a mail server that refuses is retried like a webhook, without the address in the error.
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverDueEvents } from '../../bot/outbox/index.ts';
import { merchantEmail } from '../../bot/outbox/merchant-mail.ts';
import { smtpMailer } from '../../bot/ombudsman/mailer.ts';
import { addMerchant, openCase, runCaseCommand, type Db } from '../../db/index.ts';
import type { Json } from '../../routing/index.ts';
import { LANGUAGES } from '../../intents/labels.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, DAY } from '../db/support.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const DISPUTE = {
  ref: 'OMB-7K3F9QX2',
  status: 'needs_response',
  reason: 'not_received',
  orderNumber: '12345678',
  amount: 89_900,
  currency: 'SEK',
  respondBy: '2026-12-27T16:00:00.000Z',
};

describe('the e-mail of each merchant event', () => {
  it.each(LANGUAGES)(
    '%s: every mailed event reads whole, with the order, amount and reason; fee.charged is not mailed',
    (language) => {
      const page = 'https://chat.example/merchant';
      const cases: { type: string; data: { [key: string]: Json } }[] = [
        { type: 'dispute.opened', data: { dispute: DISPUTE } },
        { type: 'dispute.reminder', data: { dispute: DISPUTE } },
        {
          type: 'dispute.reminder',
          data: { dispute: DISPUTE, request: { question: 'Proof of delivery, please.', respondBy: DISPUTE.respondBy } },
        },
        { type: 'dispute.escalated', data: { dispute: { ...DISPUTE, status: 'under_review', respondBy: null } } },
        ...['settled', 'won', 'lost', 'withdrawn', 'lapsed'].map((status) => ({
          type: 'dispute.decided',
          data: { dispute: { ...DISPUTE, status, respondBy: null } },
        })),
      ];
      const texts = cases.map(
        ({ type, data }) => merchantEmail({ language, merchantName: 'Zalando SE', type, data, pageUrl: page })!,
      );
      for (const mail of texts) {
        expect(mail.subject).toContain('OMB-7K3F9QX2');
        expect(mail.text).toContain('12345678');
        expect(mail.text).toContain(page);
        expect(mail.text).toContain('Zalando SE');
        expect(`${mail.subject}${mail.text}`).not.toMatch(/[{}]|undefined|null|NaN/);
      }
      // Each event says something of its own, and the five endings differ.
      expect(new Set(texts.map((mail) => mail.text)).size).toBe(texts.length);
      expect(texts[2]!.text).toContain('Proof of delivery, please.');
      expect(
        merchantEmail({
          language,
          merchantName: 'Zalando SE',
          type: 'fee.charged',
          data: { dispute: DISPUTE, fee: {} },
          pageUrl: page,
        }),
      ).toBeUndefined();
    },
  );

  it("dates are the market's: 16:00 UTC is 17:00 in Stockholm and 18:00 in Helsinki", () => {
    const text = (language: 'sv' | 'fi') =>
      merchantEmail({
        language,
        merchantName: 'X',
        type: 'dispute.opened',
        data: { dispute: DISPUTE },
        pageUrl: 'https://x/merchant',
      })!.text;
    expect(text('sv')).toContain('27 december 2026 kl. 17:00');
    expect(text('fi')).toMatch(/27\. joulukuuta 2026 klo 18\.00/);
  });
});

describeEachDriver('merchant e-mails through the outbox', (current) => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  async function disputeWith(db: Db, merchant: { name: string; contactEmail?: string; webhookUrl?: string }) {
    await db.transaction((tx) => addMerchant(tx, { ...merchant, language: 'de' }, at(-DAY)));
    const result = await openCase(
      contextFor(db),
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: `mail-consumer-${merchant.name}`,
        intent: 'merchant_disagreement',
        language: 'sv',
        entities: {
          merchant: merchant.name,
          amountMinor: 4_990,
          currency: 'EUR',
          orderNumber: '4711',
          refundReason: 'faulty',
        },
      },
      at(0),
    );
    if (!result.ok) throw new Error(result.error.code);
    return result.stored;
  }

  async function mailRows(db: Db, caseId: number) {
    const { rows } = await db.query<{
      destination: string;
      type: string;
      delivered: boolean;
      last_error: string | null;
    }>(
      `SELECT destination, type, delivered_at IS NOT NULL AS delivered, last_error FROM outbox WHERE case_id = $1 AND destination LIKE 'mail:%' ORDER BY seq`,
      [caseId],
    );
    return rows;
  }

  it('a merchant with a contact address and no webhook gets its e-mails, in German, and nothing else is written for it', async () => {
    const db = current().db;
    const sink = await startSmtpSink();
    stops.push(sink.close);
    const stored = await disputeWith(db, { name: 'Kaffeehaus GmbH', contactEmail: 'streit@kaffeehaus.example' });
    await runCaseCommand(
      contextFor(db),
      stored.case.ref,
      { type: 'window_expired', actor: { kind: 'system' } },
      at(21 * DAY),
    );
    const { rows } = await db.query<{ destination: string; type: string }>(
      `SELECT destination, type FROM outbox WHERE case_id = $1 AND destination <> 'core' ORDER BY seq`,
      [stored.id],
    );
    expect(rows.map((row) => row.type)).toEqual(['dispute.opened', 'dispute.escalated']);
    expect(rows.every((row) => /^mail:merchant-\d+$/.test(row.destination))).toBe(true);
    expect(rows.map((row) => row.type)).not.toContain('fee.charged');

    const report = await deliverDueEvents({
      db,
      receivers: {},
      merchants: true,
      mailer: smtpMailer({ url: sink.url, from: 'Ombud <no-reply@localhost>' }),
      publicUrl: 'https://chat.example',
    });
    expect(report.delivered).toBe(rows.length);
    expect(sink.mails.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(new RegExp(`^Neuer Streitfall ${stored.case.ref}: bitte antworten Sie bis `)),
      `Streitfall ${stored.case.ref} liegt jetzt bei unserer Prüfabteilung`,
    ]);
    expect(sink.mails[0]!.to).toEqual(['streit@kaffeehaus.example']);
    expect(sink.mails[0]!.body).toContain('Betrag: 49,90');
    expect(sink.mails[0]!.body).toContain('Grund: defekt oder nicht wie beschrieben');
    expect(sink.mails[0]!.body).not.toContain('mail-consumer');
  });

  it('without SMTP_URL the e-mails are marked skipped with the reason, not kept waiting', async () => {
    const db = current().db;
    const stored = await disputeWith(db, { name: 'Ohne Post GmbH', contactEmail: 'streit@ohnepost.example' });
    const report = await deliverDueEvents({ db, receivers: {}, merchants: true });
    expect(report, JSON.stringify(report)).toMatchObject({ skipped: 1, failed: 0 });
    expect(await mailRows(db, stored.id)).toEqual([
      {
        destination: expect.stringMatching(/^mail:merchant-/),
        type: 'dispute.opened',
        delivered: true,
        last_error: 'not sent: SMTP_URL is not set',
      },
    ]);
    expect((await deliverDueEvents({ db, receivers: {}, merchants: true })).skipped).toBe(0);
  });

  it('a mail server that is away is a failed try, retried later; one that refuses the address is stopped after three tries; no error names the address', async () => {
    const db = current().db;
    // A port that takes the connection and closes it: no SMTP there.
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const away = await disputeWith(db, { name: 'Stumm GmbH', contactEmail: 'streit@stumm.example' });
    const report = await deliverDueEvents({
      db,
      receivers: {},
      merchants: true,
      mailer: smtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'Ombud <no-reply@localhost>' }),
    });
    expect(report.failed).toBe(1);
    const [row] = await mailRows(db, away.id);
    expect(row).toMatchObject({ delivered: false, last_error: expect.stringMatching(/^mail not sent: /) });

    // A mail server that answers 550 and names the address in its answer.
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const error = Object.assign(new Error(`<${address.address}>: no such mailbox here`), { responseCode: 550 });
        callback(error);
      },
    });
    refusing.listen(0, '127.0.0.1');
    await once(refusing.server, 'listening');
    stops.push(() => new Promise<void>((resolve) => refusing.close(() => resolve())));
    const refusingPort = (refusing.server.address() as { port: number }).port;
    const gone = await disputeWith(db, { name: 'Weg GmbH', contactEmail: 'niemand@weg.example' });
    const mailer = smtpMailer({ url: `smtp://127.0.0.1:${refusingPort}`, from: 'Ombud <no-reply@localhost>' });
    const tries = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await db.query(`UPDATE outbox SET next_attempt_at = now() - interval '1 second' WHERE case_id = $1`, [gone.id]);
      tries.push(
        await deliverDueEvents({
          db,
          receivers: {},
          merchants: true,
          mailer,
          backoff: { firstMs: 60_000, maxMs: 60_000 },
        }),
      );
    }
    expect(tries.map((t) => [t.failed, t.stopped])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    const { rows } = await db.query<{ stopped: boolean; last_error: string }>(
      `SELECT stopped_at IS NOT NULL AS stopped, last_error FROM outbox WHERE case_id = $1 AND destination LIKE 'mail:%'`,
      [gone.id],
    );
    expect(rows[0]!.stopped).toBe(true);
    expect(rows[0]!.last_error).toMatch(/no such mailbox/);
    for (const error of [row!.last_error, rows[0]!.last_error]) {
      expect(error).not.toContain('streit@stumm.example');
      expect(error).not.toContain('niemand@weg.example');
    }
  });
});

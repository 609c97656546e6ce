// The one-time-code path, with a real SMTP sink (smtp-server) and nodemailer: a code goes to the
// contact e-mail on the case, in the case's language, and proves ownership once; a wrong code is
// refused and writes nothing but the try it cost; the answer never tells whether a case exists.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpMailer } from '../../bot/ombudsman/index.ts';
import { setCaseContact } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { Clock, contextFor, decidedForMerchant, footprint, newSession, postJson, startTestService, type TestService } from './support.ts';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const REQUEST = { statement: 'I returned the jacket and still got billed.', desiredOutcome: 'Cancel the invoice.' };

interface Mail {
  to: string[];
  raw: string;
}

describeEachDriver('the one-time-code path', (current) => {
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  let service: TestService;
  let mailer: ReturnType<typeof smtpMailer>;
  let clockMs = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (raw += chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const port = (smtp.server.address() as AddressInfo).port;
    mailer = smtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'Ombud <no-reply@ombud.test>' });
    // Each test's "now" is a fresh minute, so the one-code-a-minute rule does not get in the way.
    service = await startTestService(current().db, { mailer, now: () => new Date(Date.now() + clockMs) });
  });
  afterAll(async () => {
    await service.stop();
    mailer.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  async function caseWithContact(email = 'anna@example.se') {
    const owner = newSession();
    const decided = await decidedForMerchant(contextFor(current().db), owner.user, new Clock(T0));
    await setCaseContact(current().db, decided.id, email, T0);
    return decided;
  }

  async function askCode(ref: string) {
    const before = mails.length;
    const response = await postJson(`${service.base}/api/ombudsman/codes`, { caseRef: ref });
    return { response, mail: mails.length > before ? mails.at(-1) : undefined };
  }

  const codeIn = (mail: Mail) => /\b(\d{6})\b/.exec(mail.raw.replace(/=\r?\n/g, ''))![1]!;

  it('a code is e-mailed to the contact on the case, in its language, and files the request without a session', async () => {
    clockMs += 120_000;
    const decided = await caseWithContact();
    const { response, mail } = await askCode(decided.case.ref);
    expect(response.status).toBe(202);
    expect(mail?.to).toEqual(['anna@example.se']);
    expect(mail!.raw).toMatch(/Subject: .*kod/i);
    const filed = await postJson(`${service.base}/api/ombudsman/requests`, { caseRef: decided.case.ref, ...REQUEST, code: codeIn(mail!) });
    expect(filed.status).toBe(201);
    expect(filed.body.case).toMatchObject({ ref: decided.case.ref, tier: 'ombudsman' });
    const { rows } = await current().db.query<{ proof: string }>('SELECT proof FROM ombudsman_requests WHERE case_id = $1', [decided.id]);
    expect(rows).toEqual([{ proof: 'one_time_code' }]);
    const used = await current().db.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM ombudsman_codes WHERE case_id = $1', [decided.id]);
    expect(used.rows).toEqual([{ used: true }]);
  });

  it('a wrong code is refused with 403 code_invalid and writes nothing; five wrong tries kill the code', async () => {
    clockMs += 120_000;
    const decided = await caseWithContact();
    const { mail } = await askCode(decided.case.ref);
    const right = codeIn(mail!);
    const wrong = right === '000000' ? '111111' : '000000';
    const before = await footprint(current().db, decided.case.ref);
    for (let attempt = 0; attempt < 5; attempt++) {
      const refused = await postJson(`${service.base}/api/ombudsman/requests`, { caseRef: decided.case.ref, ...REQUEST, code: wrong });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('code_invalid');
    }
    expect(await footprint(current().db, decided.case.ref)).toEqual(before);
    const late = await postJson(`${service.base}/api/ombudsman/requests`, { caseRef: decided.case.ref, ...REQUEST, code: right });
    expect(late.status).toBe(403);
    expect(await footprint(current().db, decided.case.ref)).toEqual(before);
  });

  it("a code for one case does not open another case", async () => {
    clockMs += 120_000;
    const first = await caseWithContact();
    const second = await caseWithContact();
    const { mail } = await askCode(first.case.ref);
    const refused = await postJson(`${service.base}/api/ombudsman/requests`, { caseRef: second.case.ref, ...REQUEST, code: codeIn(mail!) });
    expect(refused.status).toBe(403);
    // ... and a reference that does not exist answers the same, so references cannot be probed.
    const missing = await postJson(`${service.base}/api/ombudsman/requests`, { caseRef: 'OMB-NONE0000', ...REQUEST, code: codeIn(mail!) });
    expect(missing.status).toBe(403);
    expect(missing.body.error).toEqual(refused.body.error);
  });

  it('the answer is the same for a case without a contact and for no case at all, and no mail goes out', async () => {
    clockMs += 120_000;
    const owner = newSession();
    const noContact = await decidedForMerchant(contextFor(current().db), owner.user, new Clock(T0));
    const a = await askCode(noContact.case.ref);
    const b = await askCode('OMB-NONE0000');
    expect(a.response.status).toBe(202);
    expect(b.response.status).toBe(202);
    expect(a.mail).toBeUndefined();
    expect(b.mail).toBeUndefined();
    expect(a.response.body.message.replace(noContact.case.ref, 'REF')).toBe(b.response.body.message.replace('OMB-NONE0000', 'REF'));
  });

  it('one code a minute per case: a second ask at once sends nothing', async () => {
    clockMs += 120_000;
    const decided = await caseWithContact();
    expect((await askCode(decided.case.ref)).mail).toBeDefined();
    const again = await askCode(decided.case.ref);
    expect(again.response.status).toBe(202);
    expect(again.mail).toBeUndefined();
  });

  it('at most five codes a day per case, whatever the pace', async () => {
    const decided = await caseWithContact();
    const sent = [];
    for (let ask = 0; ask < 7; ask++) {
      clockMs += 120_000;
      sent.push((await askCode(decided.case.ref)).mail !== undefined);
    }
    expect(sent).toEqual([true, true, true, true, true, false, false]);
    clockMs += 24 * 60 * 60_000;
    expect((await askCode(decided.case.ref)).mail).toBeDefined();
  });
});

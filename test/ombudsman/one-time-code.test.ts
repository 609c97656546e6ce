// The one-time-code path, with a real SMTP sink (smtp-server) and nodemailer: a code goes to the
// contact e-mail on the case, in the case's language, and proves ownership once; a wrong code is
// refused and writes nothing but the try it cost; the answer never tells whether a case exists.
// Guesses sent at once never get more than five comparisons, asks at once never more than one
// code, and one address past its limit is answered 429 with Retry-After and changes nothing
// (each such test sends from loopback addresses of its own, 127.x.y.z, as separate clients).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestJson } from '../../bench/lib/chat-load.ts';
import { smtpMailer } from '../../bot/ombudsman/index.ts';
import { CODES_PER_ADDRESS, REQUESTS_PER_ADDRESS } from '../../bot/ombudsman/requests.ts';
import { CODE_MAX_ATTEMPTS, issueOmbudsmanCode, setCaseContact } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import {
  Clock,
  contextFor,
  decidedForMerchant,
  footprint,
  newSession,
  postJson,
  startTestService,
  type TestService,
} from './support.ts';

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

  let nextBlock = 10;
  /** A fresh block of client addresses for one test: the i-th is 127.<block>.<i / 250>.<i % 250 + 1>. */
  function clients() {
    const block = nextBlock++;
    return (i: number) => `127.${block}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  }
  /** A POST from one of those addresses, as from a client of its own. */
  const postFrom = (from: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    requestJson<any>(`${service.base}${path}`, { method: 'POST', localAddress: from, body, headers });

  async function attemptsOn(caseId: number): Promise<number[]> {
    const { rows } = await current().db.query<{ attempts: number }>(
      'SELECT attempts FROM ombudsman_codes WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    return rows.map((row) => row.attempts);
  }

  /** Thirty six-digit codes that are not `right`. */
  const wrongCodes = (right: string) =>
    Array.from({ length: 31 }, (_, i) => String(100_000 + i * 7_919))
      .filter((code) => code !== right)
      .slice(0, 30);

  it('a code is e-mailed to the contact on the case, in its language, and files the request without a session', async () => {
    clockMs += 120_000;
    const decided = await caseWithContact();
    const { response, mail } = await askCode(decided.case.ref);
    expect(response.status).toBe(202);
    expect(mail?.to).toEqual(['anna@example.se']);
    expect(mail!.raw).toMatch(/Subject: .*kod/i);
    const filed = await postJson(`${service.base}/api/ombudsman/requests`, {
      caseRef: decided.case.ref,
      ...REQUEST,
      code: codeIn(mail!),
    });
    expect(filed.status).toBe(201);
    expect(filed.body.case).toMatchObject({ ref: decided.case.ref, tier: 'ombudsman' });
    const { rows } = await current().db.query<{ proof: string }>(
      'SELECT proof FROM ombudsman_requests WHERE case_id = $1',
      [decided.id],
    );
    expect(rows).toEqual([{ proof: 'one_time_code' }]);
    const used = await current().db.query<{ used: boolean }>(
      'SELECT used_at IS NOT NULL AS used FROM ombudsman_codes WHERE case_id = $1',
      [decided.id],
    );
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
      const refused = await postJson(`${service.base}/api/ombudsman/requests`, {
        caseRef: decided.case.ref,
        ...REQUEST,
        code: wrong,
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('code_invalid');
    }
    expect(await footprint(current().db, decided.case.ref)).toEqual(before);
    const late = await postJson(`${service.base}/api/ombudsman/requests`, {
      caseRef: decided.case.ref,
      ...REQUEST,
      code: right,
    });
    expect(late.status).toBe(403);
    expect(await footprint(current().db, decided.case.ref)).toEqual(before);
  });

  it('a code for one case does not open another case', async () => {
    clockMs += 120_000;
    const first = await caseWithContact();
    const second = await caseWithContact();
    const { mail } = await askCode(first.case.ref);
    const refused = await postJson(`${service.base}/api/ombudsman/requests`, {
      caseRef: second.case.ref,
      ...REQUEST,
      code: codeIn(mail!),
    });
    expect(refused.status).toBe(403);
    // ... and a reference that does not exist answers the same, so references cannot be probed.
    const missing = await postJson(`${service.base}/api/ombudsman/requests`, {
      caseRef: 'OMB-NONE0000',
      ...REQUEST,
      code: codeIn(mail!),
    });
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
    expect(a.response.body.message.replace(noContact.case.ref, 'REF')).toBe(
      b.response.body.message.replace('OMB-NONE0000', 'REF'),
    );
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

  it('30 wrong codes sent at once, then the right one: five are compared, the code dies, and the right one is refused', async () => {
    clockMs += 120_000;
    const decided = await caseWithContact();
    const right = codeIn((await askCode(decided.case.ref)).mail!);
    const before = await footprint(current().db, decided.case.ref);
    const from = clients();
    const wrong = await Promise.all(
      wrongCodes(right).map((code, i) =>
        postFrom(from(i), '/api/ombudsman/requests', { caseRef: decided.case.ref, ...REQUEST, code }),
      ),
    );
    expect(wrong.map((answer) => `${answer.status} ${answer.body.error.code}`)).toEqual(
      Array(30).fill('403 code_invalid'),
    );
    expect(await attemptsOn(decided.id)).toEqual([CODE_MAX_ATTEMPTS]);
    const late = await postFrom(from(30), '/api/ombudsman/requests', {
      caseRef: decided.case.ref,
      ...REQUEST,
      code: right,
    });
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('code_invalid');
    expect(await attemptsOn(decided.id)).toEqual([CODE_MAX_ATTEMPTS]);
    expect(await footprint(current().db, decided.case.ref)).toEqual(before);
  });

  it('30 wrong codes and the right one all at once: never more than five compared, the right one accepted only if it was among them', async () => {
    clockMs += 120_000;
    const decided = await caseWithContact();
    const right = codeIn((await askCode(decided.case.ref)).mail!);
    const codes = wrongCodes(right);
    codes.splice(15, 0, right);
    const from = clients();
    const answers = await Promise.all(
      codes.map((code, i) =>
        postFrom(from(i), '/api/ombudsman/requests', { caseRef: decided.case.ref, ...REQUEST, code }),
      ),
    );
    const filed = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.map((answer) => `${answer.status} ${answer.body.error.code}`)).toEqual(
      Array(refused.length).fill('403 code_invalid'),
    );
    // Every compared guess, the right one included, is a try: five tries are five comparisons.
    const [attempts] = await attemptsOn(decided.id);
    expect(attempts).toBeLessThanOrEqual(CODE_MAX_ATTEMPTS);
    const { rows } = await current().db.query<{ proof: string }>(
      'SELECT proof FROM ombudsman_requests WHERE case_id = $1',
      [decided.id],
    );
    expect(rows).toEqual(filed.length === 1 ? [{ proof: 'one_time_code' }] : []);
    expect(filed.length).toBeLessThanOrEqual(1);
    // Accepted or not, no further guess reaches the code: it is used, or out of tries.
    const again = await postFrom(from(31), '/api/ombudsman/requests', {
      caseRef: decided.case.ref,
      ...REQUEST,
      code: right,
    });
    expect(again.status).not.toBe(201);
    expect((await attemptsOn(decided.id))[0]).toBe(attempts);
  });

  it('ten asks for one case at the same moment (as from several replicas) issue one code: the per-case limit is in the database', async () => {
    const decided = await caseWithContact('many@example.se');
    const at = new Date(Date.now() + clockMs);
    const issued = await Promise.all(
      Array.from({ length: 10 }, () => issueOmbudsmanCode(current().db, decided.case.ref, at)),
    );
    expect(issued.filter((one) => one.issued)).toHaveLength(1);
    expect(issued.filter((one) => !one.issued)).toEqual(Array(9).fill({ issued: false, reason: 'too_soon' }));
    expect(await attemptsOn(decided.id)).toEqual([0]);
  });

  it('one address past its requests gets 429 with Retry-After, files nothing and spends no try; another address is served', async () => {
    clockMs += 120_000;
    const decided = await caseWithContact();
    const right = codeIn((await askCode(decided.case.ref)).mail!);
    const [address, other] = [clients()(0), clients()(0)];
    for (let i = 0; i < REQUESTS_PER_ADDRESS.burst; i++) {
      // A case that does not exist: refused, and nothing written.
      const answer = await postFrom(address, '/api/ombudsman/requests', {
        caseRef: 'OMB-NONE0000',
        ...REQUEST,
        code: '123456',
      });
      expect(answer.status).toBe(403);
    }
    const before = await footprint(current().db, decided.case.ref);
    const limited = await postFrom(address, '/api/ombudsman/requests', {
      caseRef: decided.case.ref,
      ...REQUEST,
      code: right,
    });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/try again/) } });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 1 / REQUESTS_PER_ADDRESS.refillPerSecond,
    ).toBe(true);
    expect(await footprint(current().db, decided.case.ref)).toEqual(before);
    expect(await attemptsOn(decided.id)).toEqual([0]);
    const served = await postFrom(other, '/api/ombudsman/requests', {
      caseRef: decided.case.ref,
      ...REQUEST,
      code: right,
    });
    expect(served.status).toBe(201);
  });

  it('one address past its code asks gets 429 with Retry-After and no e-mail goes out', async () => {
    clockMs += 120_000;
    const address = clients()(0);
    const cases = [];
    for (let i = 0; i <= CODES_PER_ADDRESS.burst; i++) cases.push(await caseWithContact(`ask${i}@example.se`));
    for (const decided of cases.slice(0, -1))
      expect((await postFrom(address, '/api/ombudsman/codes', { caseRef: decided.case.ref })).status).toBe(202);
    const sent = mails.length;
    const limited = await postFrom(address, '/api/ombudsman/codes', { caseRef: cases.at(-1)!.case.ref });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 1 / CODES_PER_ADDRESS.refillPerSecond).toBe(
      true,
    );
    expect(mails.length).toBe(sent);
  });
});

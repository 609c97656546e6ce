// The written request checks eligibility first (issue 18, item 7), on PGlite and PostgreSQL over
// real HTTP: before writing, the consumer asks POST /api/ombudsman/eligibility and a case with no
// final statement, or still open, is refused with the filing's stable code and the text in their
// language saying what to do instead, and nothing is stored; an eligible case says so. On the
// code path (a real SMTP sink) the contact of an ineligible case is e-mailed why instead of a
// code, while the HTTP answer stays the same as for any case.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OMBUDSMAN_CATALOGUES } from '../../bot/ombudsman/catalogue.ts';
import { smtpMailer } from '../../bot/ombudsman/index.ts';
import { setCaseContact } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import {
  bearer,
  Clock,
  contextFor,
  CS,
  decidedForMerchant,
  footprint,
  newSession,
  open,
  postJson,
  resolvedWithoutStatement,
  run,
  startTestService,
  type TestService,
} from './support.ts';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const SV = OMBUDSMAN_CATALOGUES.sv;
const DE = OMBUDSMAN_CATALOGUES.de;

describeEachDriver('the ombudsman request checks eligibility first', (current) => {
  let smtp: SMTPServer;
  const mails: { to: string[]; raw: string }[] = [];
  let mailer: ReturnType<typeof smtpMailer>;
  let service: TestService;
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
    mailer = smtpMailer({
      url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      from: 'Ombud <no-reply@ombud.test>',
    });
    service = await startTestService(current().db, { mailer, now: () => new Date(Date.now() + clockMs) });
  });
  afterAll(async () => {
    await service.stop();
    mailer.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const check = (body: unknown, headers: Record<string, string> = {}) =>
    postJson(`${service.base}/api/ombudsman/eligibility`, body, headers);
  /** Quoted-printable soft line breaks and encoded characters undone, enough to read the text. */
  const plain = (raw: string) =>
    Buffer.from(
      raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');

  it('a case with no final statement, still open: told before writing, in Swedish, what to do instead; nothing stored', async () => {
    const consumer = newSession();
    const opened = await open(contextFor(current().db), consumer.user, 'invoice', T0);
    const ref = opened.case.ref;
    const before = await footprint(current().db, ref);
    const answer = await check({ caseRef: ref, language: 'sv' }, bearer(consumer.token));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({
      code: 'not_eligible_no_final_statement',
      message: SV.error_not_eligible_no_final_statement,
    });
    expect(answer.body.error.message).toContain('Be kundservice om ett slutgiltigt utlåtande');
    expect(await footprint(current().db, ref)).toEqual(before);
  });

  it('a closed case without a final statement: the same code, in the language asked for', async () => {
    const consumer = newSession();
    const closed = await resolvedWithoutStatement(contextFor(current().db), consumer.user, new Clock(T0));
    const answer = await check({ caseRef: closed.case.ref, language: 'de' }, bearer(consumer.token));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({
      code: 'not_eligible_no_final_statement',
      message: DE.error_not_eligible_no_final_statement,
    });
  });

  it('a final statement on a case still being handled: not_eligible_case_open', async () => {
    const consumer = newSession();
    const context = contextFor(current().db);
    const clock = new Clock(T0);
    const opened = await open(context, consumer.user, 'invoice', clock.now);
    await run(context, opened.case.ref, { type: 'pick_up', actor: CS }, clock.tick());
    await run(
      context,
      opened.case.ref,
      { type: 'issue_final_statement', actor: CS, text: 'The invoice stands.' },
      clock.tick(),
    );
    const before = await footprint(current().db, opened.case.ref);
    const answer = await check({ caseRef: opened.case.ref, language: 'sv' }, bearer(consumer.token));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({ code: 'not_eligible_case_open', message: SV.error_not_eligible_case_open });
    expect(await footprint(current().db, opened.case.ref)).toEqual(before);
  });

  it('an eligible case says so and stores nothing; the request is then filed; another consumer’s case is 404', async () => {
    const consumer = newSession();
    const decided = await decidedForMerchant(contextFor(current().db), consumer.user, new Clock(T0));
    const ref = decided.case.ref;
    const before = await footprint(current().db, ref);
    const answer = await check({ caseRef: ref.toLowerCase(), language: 'sv' }, bearer(consumer.token));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ eligible: true, case: { ref }, message: SV.eligible.replace('{ref}', ref) });
    expect(await footprint(current().db, ref)).toEqual(before);
    const stranger = await check({ caseRef: ref }, bearer(newSession().token));
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('case_not_found');
    const filed = await postJson(
      `${service.base}/api/ombudsman/requests`,
      { caseRef: ref, statement: 'Wrong parcel.', desiredOutcome: 'My money back.' },
      bearer(consumer.token),
    );
    expect(filed.status).toBe(201);
    const again = await check({ caseRef: ref, language: 'sv' }, bearer(consumer.token));
    expect(again.body.error).toEqual({
      code: 'ombudsman_already_requested',
      message: SV.error_ombudsman_already_requested,
    });
  });

  it('without a session: the contact of an ineligible case gets why by e-mail, not a code; the answer is the same as for any case', async () => {
    clockMs += 120_000;
    const context = contextFor(current().db);
    const notYet = await resolvedWithoutStatement(context, newSession().user, new Clock(T0));
    await setCaseContact(current().db, notYet.id, 'berit@example.se', T0);
    const eligible = await decidedForMerchant(context, newSession().user, new Clock(T0));
    await setCaseContact(current().db, eligible.id, 'carl@example.se', T0);

    const before = mails.length;
    const toNotYet = await postJson(`${service.base}/api/ombudsman/codes`, { caseRef: notYet.case.ref });
    const toEligible = await postJson(`${service.base}/api/ombudsman/codes`, { caseRef: eligible.case.ref });
    const toNobody = await postJson(`${service.base}/api/ombudsman/codes`, { caseRef: 'OMB-00000000' });
    expect(toNotYet.status).toBe(202);
    expect(toNotYet.body.message.replace(notYet.case.ref, 'REF')).toBe(
      toEligible.body.message.replace(eligible.case.ref, 'REF'),
    );
    expect(toNobody.body.message.replace('OMB-00000000', 'REF')).toBe(
      toEligible.body.message.replace(eligible.case.ref, 'REF'),
    );
    expect(mails.length - before).toBe(2);

    const why = mails.find((mail) => mail.to.includes('berit@example.se'))!;
    const whyText = plain(why.raw);
    expect(whyText).toContain(SV.error_not_eligible_no_final_statement);
    expect(whyText).toContain(notYet.case.ref);
    expect(whyText).not.toMatch(/\b\d{6}\b/);

    // The eligible case's code answers the check (as the form asks before the fields show).
    const code = /\b(\d{6})\b/.exec(plain(mails.find((mail) => mail.to.includes('carl@example.se'))!.raw))![1]!;
    const wrong = await check({ caseRef: eligible.case.ref, code: code === '000000' ? '000001' : '000000' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('code_invalid');
    const right = await check({ caseRef: eligible.case.ref, code, language: 'sv' });
    expect(right.status).toBe(200);
    expect(right.body.eligible).toBe(true);
    const filed = await postJson(`${service.base}/api/ombudsman/requests`, {
      caseRef: eligible.case.ref,
      code,
      statement: 'Wrong parcel.',
      desiredOutcome: 'My money back.',
    });
    expect(filed.status).toBe(201);
  });
});

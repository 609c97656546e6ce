// The complaints register (issue 18) on PGlite and PostgreSQL: a complaint by letter, e-mail, phone
// or through an authority is registered once, about a case (taking its intent) or on its own;
// answered once; and counted in the report so that a case still counts once per period, while a
// complaint about no case counts by itself. `npm run complaints` registers, lists and answers.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import {
  answerComplaint,
  caseEvents,
  closeComplaint,
  ComplaintError,
  fileComplaint,
  findCaseByRef,
  listComplaints,
  monthlyReport,
  openCase,
  registerComplaint,
  sweepDueTimers,
} from '../../db/index.ts';
import { PRIORITY } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { REPO_ROOT } from '../support/process.ts';
import { contextFor } from './support.ts';

const APRIL = (day: number) => new Date(Date.UTC(2023, 3, day, 10));

describeEachDriver('the complaints register', (current) => {
  it('registers by channel and authority, due by the channel or the given date, answered once; a case counts once in the report', async () => {
    const db = current().db;
    const opened = await openCase(
      contextFor(db),
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: 'register-1',
        intent: 'merchant_disagreement',
        language: 'sv',
        entities: { merchant: 'Zalando', refundReason: 'not_received' },
      },
      APRIL(2),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    // A letter about the same case, and Konsumentverket passing on a complaint with its own deadline.
    const letter = await registerComplaint(db, {
      channel: 'letter',
      market: 'SE',
      caseRef: ref.toLowerCase(),
      summary: 'Brev: paketet kom aldrig.',
      receivedAt: APRIL(3),
      registeredBy: 'U0ANNA',
      now: APRIL(3),
    });
    expect(letter).toMatchObject({
      caseRef: ref,
      channel: 'letter',
      intent: 'merchant_disagreement',
      market: 'SE',
      answerDueAt: new Date(APRIL(3).getTime() + 14 * 86_400_000),
    });
    const authority = await registerComplaint(db, {
      channel: 'authority',
      authority: 'konsumentverket',
      intent: 'invoice',
      summary: 'Forwarded: invoice fees unclear.',
      receivedAt: APRIL(4),
      answerDueAt: APRIL(9),
      registeredBy: 'U0ANNA',
      now: APRIL(4),
    });
    expect(authority).toMatchObject({
      caseRef: null,
      authority: 'konsumentverket',
      market: 'SE',
      intent: 'invoice',
      answerDueAt: APRIL(9),
    });
    await expect(
      registerComplaint(db, {
        channel: 'email',
        market: 'SE',
        summary: 'x',
        receivedAt: APRIL(4),
        registeredBy: 'u',
        now: APRIL(4),
      }),
    ).rejects.toThrow(ComplaintError);
    await expect(
      registerComplaint(db, {
        channel: 'letter',
        market: 'SE',
        caseRef: 'OMB-NOSUCH99',
        summary: 'x',
        receivedAt: APRIL(4),
        registeredBy: 'u',
        now: APRIL(4),
      }),
    ).rejects.toThrow(/no case/);
    await expect(
      registerComplaint(db, {
        channel: 'letter',
        authority: 'bafin',
        intent: 'invoice',
        summary: 'x',
        receivedAt: APRIL(4),
        registeredBy: 'u',
        now: APRIL(4),
      }),
    ).rejects.toThrow(/only a complaint through an authority/);

    expect((await listComplaints(db, { open: true })).map((k) => k.id)).toEqual(
      expect.arrayContaining([letter.id, authority.id]),
    );
    const answered = await answerComplaint(db, {
      id: authority.id,
      outcome: 'Explained the fee; refunded the reminder fee.',
      at: APRIL(8),
    });
    expect(answered).toMatchObject({ answeredAt: APRIL(8), outcome: 'Explained the fee; refunded the reminder fee.' });
    await expect(answerComplaint(db, { id: authority.id, outcome: 'again', at: APRIL(9) })).rejects.toThrow(
      /answered already/,
    );
    expect((await listComplaints(db, { open: true })).map((k) => k.id)).not.toContain(authority.id);

    // The dispute and the letter are one complaint (one case); the authority's, about no case, is its own.
    const april = await monthlyReport(db, { month: '2023-04' });
    const byIntent = (intent: string) => april.intents.find((f) => f.intent === intent)!;
    expect(byIntent('merchant_disagreement')).toMatchObject({
      complaints: 1,
      complaintsBy: { dispute: 1, registered: 1 },
    });
    expect(byIntent('invoice')).toMatchObject({ complaints: 1, complaintsBy: { registered: 1 } });
    expect(april.total.complaints).toBe(2);
    expect(april.teams.find((team) => team.team === 'invoicing')).toMatchObject({
      complaints: 1,
      complaintsBy: { registered: 1 },
    });
  });

  it("an authority's complaint past its date raises its open case to urgent, once; a letter's to high; one about no case is only marked", async () => {
    const db = current().db;
    const context = contextFor(db);
    const open = async (consumerId: string) => {
      const opened = await openCase(
        context,
        { type: 'open', actor: { kind: 'bot' }, consumerId, intent: 'invoice', language: 'sv' },
        APRIL(10),
      );
      if (!opened.ok) throw new Error(opened.error.code);
      return opened.stored;
    };
    const viaAuthority = await open('register-overdue-1');
    const viaLetter = await open('register-overdue-2');
    expect(viaAuthority.case.priority).toBe(PRIORITY.normal);
    await registerComplaint(db, {
      channel: 'authority',
      authority: 'finansinspektionen',
      caseRef: viaAuthority.case.ref,
      summary: 'FI asks for an answer.',
      receivedAt: APRIL(11),
      answerDueAt: APRIL(15),
      registeredBy: 'u',
      now: APRIL(11),
    });
    await registerComplaint(db, {
      channel: 'letter',
      market: 'SE',
      caseRef: viaLetter.case.ref,
      summary: 'A letter.',
      receivedAt: APRIL(11),
      registeredBy: 'u',
      now: APRIL(11),
    });
    const alone = await registerComplaint(db, {
      channel: 'email',
      market: 'SE',
      intent: 'login',
      summary: 'An e-mail.',
      receivedAt: APRIL(11),
      answerDueAt: APRIL(14),
      registeredBy: 'u',
      now: APRIL(11),
    });

    // (The cases' first-response clocks fire in these sweeps too: the complaint's own events are what is watched.)
    const overdue = async (ref: string) => {
      const stored = await findCaseByRef(db, ref);
      return (await caseEvents(db, stored!.id))
        .filter((event) => event.type === 'complaint_overdue')
        .map((event) => event.data.channel);
    };
    await sweepDueTimers(context, APRIL(14));
    expect(await overdue(viaAuthority.case.ref)).toEqual([]);
    await sweepDueTimers(context, APRIL(16));
    expect(await overdue(viaAuthority.case.ref)).toEqual(['authority']);
    expect((await findCaseByRef(db, viaAuthority.case.ref))!.case.priority).toBe(PRIORITY.urgent);
    expect(await overdue(viaLetter.case.ref)).toEqual([]);
    await sweepDueTimers(context, APRIL(26));
    expect(await overdue(viaLetter.case.ref)).toEqual(['letter']);
    expect((await findCaseByRef(db, viaLetter.case.ref))!.case.priority).toBeLessThanOrEqual(PRIORITY.high);
    await sweepDueTimers(context, APRIL(27));
    expect(await overdue(viaAuthority.case.ref)).toEqual(['authority']);
    const { rows } = await db.query<{ overdue: boolean }>(
      'SELECT overdue_at IS NOT NULL AS overdue FROM complaints WHERE id = $1',
      [alone.id],
    );
    expect(rows[0]!.overdue).toBe(true);
  });

  it("a complaint filed about a case, and its answer, go on the case's record (a new version, so its card is redrawn); a refused one leaves nothing", async () => {
    const db = current().db;
    const context = contextFor(db);
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId: 'register-3', intent: 'invoice', language: 'fi' },
      APRIL(2),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    const filed = await fileComplaint(context, {
      channel: 'authority',
      authority: 'kkv',
      caseRef: ref,
      summary: 'KKV välittää valituksen.',
      receivedAt: APRIL(3),
      registeredBy: 'agent:U0ANNA',
      now: APRIL(3),
    });
    const afterFiling = (await findCaseByRef(db, ref))!;
    expect(afterFiling.version).toBe(opened.stored.version + 1);
    await closeComplaint(context, { id: filed.id, outcome: 'Vastattu.', at: APRIL(5) });
    const events = (await caseEvents(db, afterFiling.id)).filter((event) => event.type.startsWith('complaint_'));
    expect(events.map((event) => [event.type, event.data.complaintId])).toEqual([
      ['complaint_registered', filed.id],
      ['complaint_answered', filed.id],
    ]);
    expect(events[0]!.data).toMatchObject({
      channel: 'authority',
      authority: 'kkv',
      answerDueAt: APRIL(13).toISOString(),
    });
    // Answered once: the second answer is refused and the record keeps one.
    await expect(closeComplaint(context, { id: filed.id, outcome: 'Again.', at: APRIL(6) })).rejects.toThrow(
      ComplaintError,
    );
    const count = (await listComplaints(db)).length;
    await expect(
      fileComplaint(context, {
        channel: 'letter',
        market: 'FI',
        caseRef: 'OMB-NOSUCH77',
        summary: 'x',
        receivedAt: APRIL(3),
        registeredBy: 'cli',
        now: APRIL(3),
      }),
    ).rejects.toThrow(ComplaintError);
    expect((await listComplaints(db)).length).toBe(count);
    expect((await caseEvents(db, afterFiling.id)).filter((event) => event.type.startsWith('complaint_'))).toHaveLength(
      2,
    );
  });

  it('npm run complaints -- add, list and answer; a wrong channel is exit 2, a missing case exit 1', async () => {
    const { url } = current();
    const dir = mkdtempSync(join(tmpdir(), 'ombud-complaints-'));
    const database = url ? { DATABASE_URL: url } : { DATA_DIR: join(dir, 'data') };
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'db/cli/complaints.ts', ...args], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...database },
      }).then(
        (result) => ({ code: 0, ...result }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          stdout: error.stdout,
          stderr: error.stderr,
        }),
      );
    const added = await run(
      'add',
      '--channel',
      'authority',
      '--authority',
      'finanstilsynet_no',
      '--intent',
      'login',
      '--summary',
      'Forwarded: BankID lockout, personnummer 19850101-1236.',
      '--received',
      '2023-05-02',
      '--json',
    );
    expect(added.code).toBe(0);
    const complaint = JSON.parse(added.stdout) as { id: number; market: string; summary: string; answerDueAt: string };
    expect(complaint).toMatchObject({ market: 'NO', answerDueAt: '2023-05-12T12:00:00.000Z' });
    expect(complaint.summary).not.toContain('19850101-1236');
    const listed = await run('list', '--open', '--json');
    expect((JSON.parse(listed.stdout) as { complaints: { id: number }[] }).complaints.map((k) => k.id)).toContain(
      complaint.id,
    );
    expect((await run('answer', String(complaint.id), '--outcome', 'Unlocked and explained.')).code).toBe(0);
    expect((await run('answer', String(complaint.id), '--outcome', 'Again.')).code).toBe(1);
    const wrong = await run('add', '--channel', 'pigeon', '--summary', 'x', '--intent', 'login');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--channel must be one of chat, email, letter, phone, authority');
    expect(
      (await run('add', '--channel', 'letter', '--market', 'SE', '--case', 'OMB-NOSUCH99', '--summary', 'x')).code,
    ).toBe(1);
  }, 120_000);
});

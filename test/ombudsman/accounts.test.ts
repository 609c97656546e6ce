// Named ombudsman accounts (issue 18, item 6), on PGlite and PostgreSQL, through the real CLI and
// real HTTP: `npm run ombudsman -- add --json` prints an id and a token that opens the desk (the
// legacy OMBUDSMAN_TOKEN is off here), a revoked token is 401 like an unknown one, every dossier
// view and decision is recorded with who, the investigator who gave the final statement is
// refused as ombudsman with a stable code and nothing changes, and the dossier lists the
// consumer's other cases and contacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileOmbudsmanRequest,
  findCaseByRef,
  migrate,
  openConversation,
  openDatabase,
  storeInbound,
  type Db,
} from '../../db/index.ts';
import { operatorCli, seededForCli } from '../support/cli.ts';
import { DRIVERS } from '../support/databases.ts';
import {
  bearer,
  Clock,
  contextFor,
  DAY,
  footprint,
  MERCHANT,
  newSession,
  open,
  postJson,
  resolvedWithoutStatement,
  run,
  startTestService,
  type TestService,
} from './support.ts';

const T0 = new Date('2026-03-02T09:00:00.000Z');
/** The investigator, as agents act in Slack: under their Slack user id. */
const INVESTIGATOR = { kind: 'agent', id: 'UINV0001', tier: 'investigation' } as const;

async function seed(db: Db) {
  await migrate(db);
  const context = contextFor(db);
  const consumer = newSession();
  const clock = new Clock(T0);
  // An earlier contact and an earlier case of the same consumer.
  const earlierTalk = await openConversation(db, {
    consumerId: consumer.user,
    channel: 'web',
    language: 'sv',
    at: clock.now,
  });
  const words = 'Min faktura från januari stämmer inte.';
  await storeInbound(db, {
    conversationId: earlierTalk,
    author: 'consumer',
    text: words,
    redactedText: words,
    at: clock.tick(),
  });
  const earlier = await resolvedWithoutStatement(context, consumer.user, clock);
  // The case at the ombudsman: decided for the merchant and stated by UINV0001.
  const opened = await open(context, consumer.user, 'merchant_disagreement', clock.tick(DAY));
  const ref = opened.case.ref;
  await run(
    context,
    ref,
    { type: 'merchant_responded', actor: MERCHANT, summary: 'The parcel was delivered.' },
    clock.tick(2 * DAY),
  );
  await run(context, ref, { type: 'window_expired', actor: { kind: 'system' } }, clock.tick(19 * DAY));
  await run(context, ref, { type: 'pick_up', actor: INVESTIGATOR }, clock.tick());
  await run(context, ref, { type: 'request_info', actor: INVESTIGATOR, from: 'consumer' }, clock.tick());
  await run(context, ref, { type: 'reply', actor: { kind: 'consumer', id: consumer.user } }, clock.tick());
  await run(
    context,
    ref,
    {
      type: 'decide_investigation',
      actor: INVESTIGATOR,
      decision: 'merchant_favour',
      reasoning: 'Tracking shows delivery.',
    },
    clock.tick(),
  );
  await run(
    context,
    ref,
    { type: 'issue_final_statement', actor: INVESTIGATOR, text: 'The invoice stands: the parcel was delivered.' },
    clock.tick(),
  );
  const filed = await fileOmbudsmanRequest(context, {
    ref,
    consumerId: consumer.user,
    statement: 'The tracking is for another parcel.',
    desiredOutcome: 'My money back.',
    now: clock.tick(),
  });
  if (!filed.ok) throw new Error(`request refused: ${filed.error.code}`);
  return { ref, earlierRef: earlier.case.ref, consumerId: consumer.user };
}

function added(env: Record<string, string>, ...args: string[]): { id: string; token: string } {
  const result = operatorCli('ombudsman', env, 'add', ...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

for (const kind of DRIVERS) {
  describe(`named ombudsman accounts [${kind}]`, () => {
    const seeded = seededForCli(kind, seed);
    let eva: { id: string; token: string };
    let ivan: { id: string; token: string };
    let rut: { id: string; token: string };
    let db: Db;
    let service: TestService;

    beforeAll(async () => {
      const env = seeded.env();
      eva = added(env, '--name', 'Eva Lind');
      ivan = added(env, '--name', 'Ivan Berg', '--slack-user', 'UINV0001');
      rut = added(env, '--name', 'Rut Ek');
      const revoked = operatorCli('ombudsman', env, 'revoke', rut.id);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toContain(`ombudsman ${rut.id} revoked`);
      const unknown = operatorCli('ombudsman', env, 'revoke', 'omb_00000000');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('there is no ombudsman account omb_00000000');
      const listed = operatorCli('ombudsman', env, 'list', '--json');
      const accounts = JSON.parse(listed.stdout);
      expect(accounts.map((a: { name: string }) => a.name)).toEqual(['Eva Lind', 'Ivan Berg', 'Rut Ek']);
      // Tokens are never listed, nor stored: only their hashes.
      expect(listed.stdout).not.toContain(eva.token);
      db = await openDatabase(
        env.DATA_DIR ? { kind: 'pglite', dataDir: env.DATA_DIR } : { kind: 'postgres', url: env.DATABASE_URL! },
      );
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM ombudsman_accounts WHERE token_sha256 = $1',
        [eva.token],
      );
      expect(rows[0]!.n).toBe(0);
      service = await startTestService(db, { ombudsman: false });
      // Five CLI runs, each a process that opens and migrates the database.
    }, 300_000);
    afterAll(async () => {
      await service?.stop();
      await db?.close();
    });

    const dossier = (token: string) =>
      fetch(`${service.base}/api/ombudsman/cases/${seeded.seeded().ref}/dossier`, { headers: bearer(token) });
    const decide = (token: string, body: unknown) =>
      postJson(`${service.base}/api/ombudsman/cases/${seeded.seeded().ref}/decision`, body, bearer(token));

    it('add prints an id and a token shown once; the token opens the desk', async () => {
      expect(eva.id).toMatch(/^omb_[a-z0-9]{8}$/);
      expect(eva.token.startsWith(`${eva.id}_`)).toBe(true);
      const queue = await fetch(`${service.base}/api/ombudsman/cases`, { headers: bearer(eva.token) });
      expect(queue.status).toBe(200);
      expect((await queue.json()).cases.map((c: { ref: string }) => c.ref)).toContain(seeded.seeded().ref);
    });

    it('a revoked token answers 401 like an unknown one', async () => {
      for (const token of [rut.token, `${eva.id}_${'A'.repeat(43)}`, 'omb_zzzzzzzz_' + 'B'.repeat(43)]) {
        const response = await dossier(token);
        expect(response.status).toBe(401);
        expect((await response.json()).error.code).toBe('not_the_ombudsman');
        const decision = await decide(token, { decision: 'upheld', reasoning: 'x' });
        expect(decision.status).toBe(401);
      }
    });

    it('the investigator who gave the final statement is refused as ombudsman, with a stable code, and nothing changes', async () => {
      const { ref } = seeded.seeded();
      const view = await dossier(ivan.token);
      expect(view.status).toBe(200);
      const body = await view.json();
      expect(body.viewer).toMatchObject({ ombudsmanId: ivan.id, name: 'Ivan Berg', mayDecide: false });
      expect(body.viewer.actedAs.map((act: { what: string }) => act.what)).toContain('final_statement_issued');
      const page = await (
        await fetch(`${service.base}/ombudsman/cases/${ref}`, { headers: bearer(ivan.token) })
      ).text();
      expect(page).toContain('You cannot decide this case');
      expect(page).not.toContain('id="omb-decide"');

      const before = await footprint(db, ref);
      const refused = await decide(ivan.token, { decision: 'upheld', reasoning: 'I stand by my statement.' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('ombudsman_not_independent');
      expect(refused.body.error.message).toContain('final statement issued');
      expect(await footprint(db, ref)).toEqual(before);
      expect((await findCaseByRef(db, ref))!.case.ombudsmanDecision).toBeNull();
    });

    it("the dossier lists the consumer's earlier cases and contacts", async () => {
      const { earlierRef } = seeded.seeded();
      const body = await (await dossier(eva.token)).json();
      expect(body.viewer).toMatchObject({ ombudsmanId: eva.id, name: 'Eva Lind', mayDecide: true, actedAs: [] });
      expect(body.earlierCases).toEqual([
        expect.objectContaining({
          ref: earlierRef,
          intent: 'invoice',
          status: 'resolved',
          outcome: 'answered',
          finalStatement: null,
        }),
      ]);
      expect(body.earlierContacts).toHaveLength(1);
      expect(body.earlierContacts[0].messages.map((m: { text: string }) => m.text)).toEqual([
        'Min faktura från januari stämmer inte.',
      ]);
      const page = await (
        await fetch(`${service.base}/ombudsman/cases/${seeded.seeded().ref}`, { headers: bearer(eva.token) })
      ).text();
      expect(page).toContain("The consumer's other cases (1)");
      expect(page).toContain(earlierRef);
      expect(page).toContain('Min faktura från januari stämmer inte.');
      expect(page).toContain('id="omb-decide"');
    });

    it("an independent ombudsman decides; every view and decision is recorded with the ombudsman's id", async () => {
      const decided = await decide(eva.token, {
        decision: 'overturned',
        newOutcome: 'chargeback',
        reasoning: 'The tracking is for another parcel.',
      });
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({
        decision: 'overturned',
        decidedBy: eva.id,
        case: { outcome: 'chargeback' },
      });
      const body = await (await dossier(eva.token)).json();
      const access = body.access.map(
        (a: { ombudsmanId: string; name: string; action: string }) => `${a.action} ${a.ombudsmanId} ${a.name}`,
      );
      expect(access).toEqual([
        `viewed ${ivan.id} Ivan Berg`,
        `viewed ${ivan.id} Ivan Berg`,
        `refused ${ivan.id} Ivan Berg`,
        `viewed ${eva.id} Eva Lind`,
        `viewed ${eva.id} Eva Lind`,
        `decided ${eva.id} Eva Lind`,
        `viewed ${eva.id} Eva Lind`,
      ]);
      const decision = body.events.find((event: { type: string }) => event.type === 'ombudsman_decided');
      expect(decision.actor).toBe(`ombudsman:${eva.id}`);
      expect(body.request.decidedBy).toBe(`ombudsman:${eva.id}`);
    });
  });
}

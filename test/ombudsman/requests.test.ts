// POST /api/ombudsman/requests on the real HTTP service, on PGlite and PostgreSQL: who may ask
// (only a case with a final statement, once), proof of ownership by the chat session, clear
// validation errors, and that every refusal writes nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../support/databases.ts';
import {
  bearer,
  Clock,
  contextFor,
  decidedForMerchant,
  footprint,
  newSession,
  open,
  OWN,
  postJson,
  resolvedWithoutStatement,
  startTestService,
  type TestService,
} from './support.ts';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const REQUEST = {
  statement: 'The parcel never reached me; the tracking number is for another address.',
  desiredOutcome: 'My money back.',
};

describeEachDriver('ombudsman requests', (current) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(current().db);
  });
  afterAll(() => service.stop());
  const url = () => `${service.base}/api/ombudsman/requests`;

  it('a case with a final statement is accepted: 201 with the request id and the case, now at the ombudsman', async () => {
    const { db } = current();
    const alice = newSession();
    const decided = await decidedForMerchant(contextFor(db), alice.user, new Clock(T0));
    const response = await postJson(url(), { caseRef: decided.case.ref, ...REQUEST }, bearer(alice.token));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      case: { ref: decided.case.ref, tier: 'ombudsman', status: 'queued', intent: 'merchant_disagreement' },
    });
    const { rows } = await db.query<Record<string, unknown>>(
      'SELECT id, consumer_id, statement, desired_outcome, proof, language, previous_outcome FROM ombudsman_requests WHERE case_id = $1',
      [decided.id],
    );
    expect(rows).toEqual([
      {
        id: response.body.requestId,
        consumer_id: alice.user,
        statement: REQUEST.statement,
        desired_outcome: REQUEST.desiredOutcome,
        proof: 'session',
        language: 'sv',
        previous_outcome: 'invoice_reactivated',
      },
    ]);
    const events = await db.query<{ type: string; actor: string }>(
      'SELECT type, actor FROM case_events WHERE case_id = $1 ORDER BY id DESC LIMIT 1',
      [decided.id],
    );
    expect(events.rows[0]).toEqual({ type: 'ombudsman_requested', actor: 'consumer' });
    // The consumer's chat gets the receipt, in the case's language, with the case as it is now.
    const history = await (await fetch(`${service.base}/api/chat/history`, { headers: bearer(alice.token) })).json();
    expect(history.messages.at(-1)).toMatchObject({
      direction: 'out',
      text: `Tack. Din begäran i ärende ${decided.case.ref} har skickats till kundombudet. Du får svaret i chatten.`,
      case: { ref: decided.case.ref, tier: 'ombudsman', status: 'queued' },
    });
  });

  it('the reference is read case-insensitively, as a consumer may type it', async () => {
    const alice = newSession();
    const decided = await decidedForMerchant(contextFor(current().db), alice.user, new Clock(T0));
    const response = await postJson(
      url(),
      { caseRef: ` ${decided.case.ref.toLowerCase()} `, ...REQUEST },
      bearer(alice.token),
    );
    expect(response.status).toBe(201);
  });

  it('a resolved case without a final statement is refused with 409 not_eligible_no_final_statement, telling what to do, and nothing is written', async () => {
    const { db } = current();
    const alice = newSession();
    const resolved = await resolvedWithoutStatement(contextFor(db), alice.user, new Clock(T0));
    const before = await footprint(db, resolved.case.ref);
    const response = await postJson(url(), { caseRef: resolved.case.ref, ...REQUEST }, bearer(alice.token));
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('not_eligible_no_final_statement');
    expect(response.body.error.message).toMatch(/ask customer service for a final statement/i);
    expect(await footprint(db, resolved.case.ref)).toEqual(before);
  });

  it('an open case without a final statement gets the same refusal, and nothing is written', async () => {
    const { db } = current();
    const alice = newSession();
    const opened = await open(contextFor(db), alice.user, 'invoice', T0);
    const before = await footprint(db, opened.case.ref);
    const response = await postJson(url(), { caseRef: opened.case.ref, ...REQUEST }, bearer(alice.token));
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('not_eligible_no_final_statement');
    expect(await footprint(db, opened.case.ref)).toEqual(before);
  });

  it('a second request for the same case is refused with its own code, and nothing more is written', async () => {
    const { db } = current();
    const alice = newSession();
    const decided = await decidedForMerchant(contextFor(db), alice.user, new Clock(T0));
    expect((await postJson(url(), { caseRef: decided.case.ref, ...REQUEST }, bearer(alice.token))).status).toBe(201);
    const before = await footprint(db, decided.case.ref);
    const again = await postJson(
      url(),
      { caseRef: decided.case.ref, ...REQUEST, statement: 'Once more.' },
      bearer(alice.token),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ombudsman_already_requested');
    expect(again.body.error.message).toMatch(/already/);
    expect(await footprint(db, decided.case.ref)).toEqual(before);
  });

  it('two requests for one case at once: one is filed, the other refused', async () => {
    const { db } = current();
    const alice = newSession();
    const decided = await decidedForMerchant(contextFor(db), alice.user, new Clock(T0));
    const both = await Promise.all(
      [1, 2].map(() => postJson(url(), { caseRef: decided.case.ref, ...REQUEST }, bearer(alice.token))),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ombudsman_requests WHERE case_id = $1',
      [decided.id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it("another consumer's case answers 404 like a case that does not exist, and nothing is written", async () => {
    const { db } = current();
    const alice = newSession();
    const mallory = newSession();
    const decided = await decidedForMerchant(contextFor(db), alice.user, new Clock(T0));
    const before = await footprint(db, decided.case.ref);
    const theirs = await postJson(url(), { caseRef: decided.case.ref, ...REQUEST }, bearer(mallory.token));
    const missing = await postJson(url(), { caseRef: 'OMB-00000000', ...REQUEST }, bearer(mallory.token));
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('case_not_found');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('case_not_found');
    expect(await footprint(db, decided.case.ref)).toEqual(before);
  });

  it('without a session (and no code path) the request is refused with 401; a forged token too', async () => {
    const { db } = current();
    const alice = newSession();
    const decided = await decidedForMerchant(contextFor(db), alice.user, new Clock(T0));
    const before = await footprint(db, decided.case.ref);
    const none = await postJson(url(), { caseRef: decided.case.ref, ...REQUEST });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('session_missing');
    const forged = await postJson(
      url(),
      { caseRef: decided.case.ref, ...REQUEST },
      bearer(`${alice.token.slice(0, -2)}xx`),
    );
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('session_invalid');
    const code = await postJson(url(), { caseRef: decided.case.ref, ...REQUEST, code: '123456' });
    expect(code.status).toBe(400);
    expect(code.body.error.code).toBe('code_path_off');
    expect(await footprint(db, decided.case.ref)).toEqual(before);
  });

  it.each([
    [{ statement: 'x', desiredOutcome: 'y' }, /caseRef/],
    [{ caseRef: 'OMB-1', desiredOutcome: 'y' }, /statement/],
    [{ caseRef: 'OMB-1', statement: '   ', desiredOutcome: 'y' }, /statement is empty/],
    [{ caseRef: 'OMB-1', statement: 'x' }, /desiredOutcome/],
    [{ caseRef: 'not a ref!', statement: 'x', desiredOutcome: 'y' }, /caseRef must be a case reference/],
    [{ caseRef: 'OMB-1', statement: 'x'.repeat(10_001), desiredOutcome: 'y' }, /at most 10000/],
    [{ caseRef: 'OMB-1', statement: 'x', desiredOutcome: 'y', amount: 5 }, /Unknown field\(s\): amount/],
    [{ caseRef: 'OMB-1', statement: 'x', desiredOutcome: 'y', code: '12ab' }, /six digits/],
  ])(
    'an invalid body %j is refused with 400 invalid_request and a sentence naming the field',
    async (body, message) => {
      const alice = newSession();
      const before = await footprint(current().db, 'OMB-1');
      const response = await postJson(url(), body, bearer(alice.token));
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
      expect(response.body.error.message).toMatch(message);
      expect(await footprint(current().db, 'OMB-1')).toEqual(before);
    },
  );

  it('a body that is not JSON gets 400 invalid_json', async () => {
    const alice = newSession();
    const response = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(alice.token) },
      body: '{"caseRef":',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_json');
  });

  it('a page on another origin may not send requests; the own origin may', async () => {
    const alice = newSession();
    const foreign = await postJson(
      url(),
      { caseRef: 'OMB-1', ...REQUEST },
      { ...bearer(alice.token), origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('origin_not_allowed');
    const own = await postJson(url(), { caseRef: 'OMB-00000000', ...REQUEST }, { ...bearer(alice.token), origin: OWN });
    expect(own.status).toBe(404);
  });
});

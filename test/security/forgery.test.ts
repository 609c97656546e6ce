// Forgery against the real service (the composition root, bot/service.ts, in this process so the
// test reads the very database it writes), on PGlite and on PostgreSQL: forged, tampered and
// expired sessions; one consumer's valid session aimed at another consumer's case (HTTP, the
// webhook's user, the websocket frame's user); Slack requests that are not Slack's; credentials
// that are not the ombudsman's; a one-time code used for another case. Each refusal is checked
// for its status, its stable code, and that not one row of any table changed (a fingerprint of
// the whole database, not a count of one table). A control per group shows the same request,
// made properly, does change something: the refusals are not a service that does nothing.
//
// The service opens its own database (as `npm start` does), so this file does not use
// describeEachDriver's: it runs the same body once per driver, each on a database of its own.
import { AWAY_GRACE_MS } from '../../bot/web/away.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { issueSession, signSession, type IssuedSession } from '../../bot/web/session.ts';
import { findCaseByRef, issueOmbudsmanCode, setCaseContact, type Db } from '../../db/index.ts';
import { createServerDatabase, DRIVERS } from '../support/databases.ts';
import { freePort } from '../support/process.ts';
import { Clock, DAY, contextFor, decidedForMerchant, open } from '../ombudsman/support.ts';
// Slack's side signs with SIGNING_SECRET, as the service is configured here.
import {
  cardClick,
  BOT_TOKEN,
  interceptSlackApi,
  postedMessage,
  postToSlackEndpoint,
  signature,
  SIGNING_SECRET,
  type SlackApiCall,
} from '../slack/support.ts';
import { until } from '../support/until.ts';

const SECRET = 'the-forgery-tests-session-secret-0123456789';
const OMBUDSMAN_TOKEN = 'the-forgery-tests-ombudsman-token-0123456789';
const CS_CHANNEL = 'C0FORGECS';
const REQUEST = {
  statement: 'The parcel never came and the shop will not answer.',
  desiredOutcome: 'Cancel the invoice.',
};

/** Every row of every table, hashed per table: equal fingerprints mean nothing was written. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    // Test code: the names come from the catalogue above, quoted as identifiers.
    const { rows } = await db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${name.replace(/"/g, '""')}" t`,
    );
    result[name] = `${rows[0]!.n}:${rows[0]!.h}`;
  }
  return result;
}

/**
 * The fingerprint once background work (card poster, sweeper, ratings, the notice to a consumer
 * away from the chat) has nothing left to do: unchanged for longer than the away notice's grace
 * after a message (it judges a message only then), so a notice about the set-up's own messages
 * is not taken for a change a forged request made.
 */
async function settled(db: Db): Promise<Record<string, string>> {
  let last = await fingerprint(db);
  let stableSince = Date.now();
  for (let i = 0; i < 60; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const next = await fingerprint(db);
    if (JSON.stringify(next) !== JSON.stringify(last)) {
      last = next;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > AWAY_GRACE_MS + 1_500) {
      return next;
    }
  }
  throw new Error('the database did not settle');
}

interface Answer {
  status: number;
  code: string | undefined;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let code: string | undefined;
  try {
    code = JSON.parse(text).error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.status, code };
}

/** The status and error body of a websocket upgrade the server refuses (or 101 when it accepts). */
function upgrade(base: string, token: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = `${base.replace('http', 'ws')}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: JSON.parse(body).error?.code }));
    });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, code: undefined });
    });
    ws.on('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
  });
}

/** An open socket of a session and every frame it receives. */
async function socketOf(
  base: string,
  session: IssuedSession,
): Promise<{ ws: WebSocket; frames: Record<string, any>[] }> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws?token=${encodeURIComponent(session.token)}`);
  const frames: Record<string, any>[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, frames };
}

/** An agent's click on a card's Pick up, as Slack sends it. */
function pickUpClick(ref: string, user: string) {
  return cardClick({ ref, actionId: CARD_ACTIONS.pickUp, channel: CS_CHANNEL, cardTs: '1764000000.000100', user });
}

/** A token part as the service writes one. */
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const kind of DRIVERS) {
  describe(`forgery is refused and changes nothing [${kind}]`, { timeout: 60_000 }, () => {
    let service: RunningService;
    let db: Db;
    let base: string;
    let stopAll: () => Promise<void>;
    const slackCalls: SlackApiCall[] = [];
    // Alice and Bob are consumers; Bob's case is eligible for the ombudsman; Carol's is there.
    let alice: IssuedSession;
    let bob: IssuedSession;
    let carol: IssuedSession;
    let bobRef: string;
    let carolRef: string;

    beforeAll(async () => {
      interceptSlackApi((call) => slackCalls.push(call), postedMessage);
      const dataDir = mkdtempSync(join(tmpdir(), 'ombud-forgery-'));
      const server = kind === 'postgres' ? await createServerDatabase() : undefined;
      const config = loadConfig({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: SECRET,
        OMBUDSMAN_TOKEN,
        // The one-time-code path is on; codes are made below with the service's own function.
        SMTP_URL: 'smtp://127.0.0.1:9',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_CHANNEL_CUSTOMER_SERVICE: CS_CHANNEL,
        SLACK_BOT_ID: 'B1',
        SLACK_BOT_USER_ID: 'UBOT',
        SLACK_API_URL: 'https://slack.test/api/',
        LOG_LEVEL: 'silent',
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      service = await startService(config, createLogger('silent'));
      db = service.db;
      base = `http://127.0.0.1:${service.port}`;
      stopAll = async () => {
        await service.stop();
        await server?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      };

      alice = issueSession(SECRET, { now: new Date() });
      bob = issueSession(SECRET, { now: new Date() });
      carol = issueSession(SECRET, { now: new Date() });
      const context = contextFor(db);
      bobRef = (await decidedForMerchant(context, bob.user, new Clock(new Date(Date.now() - 3 * DAY)))).case.ref;
      carolRef = (await decidedForMerchant(context, carol.user, new Clock(new Date(Date.now() - 3 * DAY)))).case.ref;
      const filed = await fetch(`${base}/api/ombudsman/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${carol.token}` },
        body: JSON.stringify({ caseRef: carolRef, ...REQUEST }),
      });
      expect(filed.status).toBe(201);
    }, 120_000);

    afterAll(async () => {
      await stopAll?.();
      nock.cleanAll();
      nock.enableNetConnect();
    });

    /** Runs `attempts`, each must be refused as expected, and the database must stay as it was. */
    async function refusedAndUnchanged(attempts: [string, () => Promise<Answer>, Answer][]) {
      const before = await settled(db);
      for (const [what, attempt, expected] of attempts) {
        expect(await attempt(), what).toEqual(expected);
      }
      expect(await fingerprint(db)).toEqual(before);
    }

    const get = (path: string, token?: string) =>
      fetch(`${base}${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }).then(
        answer,
      );
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      }).then(answer);

    it('a tampered, foreign or expired session opens nothing: 401 with its code on every door that takes one', async () => {
      const [version, payload, mac] = alice.token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const forged: [string, string | undefined, string][] = [
        ['no session', undefined, 'session_missing'],
        [
          "Alice's MAC on a payload naming Bob",
          `${version}.${base64url({ ...claims, u: bob.user })}.${mac}`,
          'session_invalid',
        ],
        [
          "Alice's token with its lifetime stretched",
          `${version}.${base64url({ ...claims, exp: claims.exp + 365 * DAY })}.${mac}`,
          'session_invalid',
        ],
        [
          "Alice's token with one character of the MAC changed",
          `${version}.${payload}.${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`,
          'session_invalid',
        ],
        [
          'a token for Bob signed with another secret',
          signSession('another-secret-that-is-also-32-bytes-long', bob.user, { now: new Date() }).token,
          'session_invalid',
        ],
        [
          "Bob's expired token",
          signSession(SECRET, bob.user, { now: new Date(Date.now() - 2 * DAY), ttlMs: DAY }).token,
          'session_expired',
        ],
      ];
      const attempts: [string, () => Promise<Answer>, Answer][] = [];
      for (const [what, token, code] of forged) {
        const refused = { status: 401, code };
        attempts.push(
          [`${what}: history`, () => get('/api/chat/history', token), refused],
          [`${what}: Bob's case`, () => get(`/api/cases/${bobRef}`, token), refused],
          [
            `${what}: the webhook`,
            () => post('/api/messages', { type: 'message', text: 'I want to talk to a human', user: bob.user }, token),
            refused,
          ],
          [`${what}: the websocket`, () => upgrade(base, token), refused],
        );
        // Without a token the ombudsman request is the code path; the code is the one missing.
        if (token !== undefined)
          attempts.push([
            `${what}: an ombudsman request for Bob's case`,
            () => post('/api/ombudsman/requests', { caseRef: bobRef, ...REQUEST }, token),
            refused,
          ]);
      }
      await refusedAndUnchanged(attempts);
      // Control: Bob's own token opens his case.
      expect(await get(`/api/cases/${bobRef}`, bob.token)).toEqual({ status: 200, code: undefined });
    });

    it("Alice's valid session does not reach Bob's case: not by reference, not in the webhook's user, not in a frame's user", async () => {
      const bobSocket = await socketOf(base, bob);
      const aliceSocket = await socketOf(base, alice);
      try {
        await refusedAndUnchanged([
          [
            "Alice reads Bob's case",
            () => get(`/api/cases/${bobRef}`, alice.token),
            { status: 404, code: 'case_not_found' },
          ],
          [
            "Alice reads Bob's case in lower case",
            () => get(`/api/cases/${bobRef.toLowerCase()}`, alice.token),
            { status: 404, code: 'case_not_found' },
          ],
          [
            "Alice files an ombudsman request for Bob's case",
            () => post('/api/ombudsman/requests', { caseRef: bobRef, ...REQUEST }, alice.token),
            { status: 404, code: 'case_not_found' },
          ],
          [
            "Alice's token, Bob as the webhook's user",
            () => post('/api/messages', { type: 'message', text: 'Where is my case?', user: bob.user }, alice.token),
            { status: 403, code: 'user_mismatch' },
          ],
          [
            "Alice's socket, Bob as the frame's user",
            async () => {
              aliceSocket.ws.send(JSON.stringify({ type: 'message', text: 'Where is my case?', user: bob.user }));
              await until(() => aliceSocket.frames.some((f) => f.type === 'error'), 'the error frame');
              const error = aliceSocket.frames.find((f) => f.type === 'error')!;
              return { status: 403, code: error.error.code };
            },
            { status: 403, code: 'user_mismatch' },
          ],
        ]);
        expect(bobSocket.frames).toEqual([]);
        // Control: Alice's own frame is taken and answered, on her socket only.
        aliceSocket.ws.send(JSON.stringify({ type: 'message', text: 'Hello' }));
        await until(() => aliceSocket.frames.some((f) => f.type === 'message'), "the bot's answer to Alice");
        expect(bobSocket.frames).toEqual([]);
      } finally {
        aliceSocket.ws.close();
        bobSocket.ws.close();
      }
    });

    it("a one-time code for one case does not file another; the owner's session does", async () => {
      const context = contextFor(db);
      const clock = new Clock(new Date(Date.now() - 3 * DAY));
      const x = await decidedForMerchant(context, issueSession(SECRET, { now: new Date() }).user, clock);
      await setCaseContact(db, x.id, 'x@example.se', new Date());
      const issued = await issueOmbudsmanCode(db, x.case.ref, new Date());
      if (!issued.issued) throw new Error(`no code: ${issued.reason}`);
      await refusedAndUnchanged([
        [
          "case X's code for Bob's case",
          () => post('/api/ombudsman/requests', { caseRef: bobRef, code: issued.code, ...REQUEST }),
          { status: 403, code: 'code_invalid' },
        ],
        [
          "case X's code for a case that does not exist",
          () => post('/api/ombudsman/requests', { caseRef: 'OMB-00000000', code: issued.code, ...REQUEST }),
          { status: 403, code: 'code_invalid' },
        ],
      ]);
      // Controls: the code files its own case; Bob's session files his.
      expect(await post('/api/ombudsman/requests', { caseRef: x.case.ref, code: issued.code, ...REQUEST })).toEqual({
        status: 201,
        code: undefined,
      });
      expect(await post('/api/ombudsman/requests', { caseRef: bobRef, ...REQUEST }, bob.token)).toEqual({
        status: 201,
        code: undefined,
      });
    });

    it("only the ombudsman's token opens a dossier or decides; the dossier of a case never sent there is 404 even for the ombudsman", async () => {
      const neverSent = (
        await decidedForMerchant(contextFor(db), alice.user, new Clock(new Date(Date.now() - 3 * DAY)))
      ).case.ref;
      const decision = {
        decision: 'overturned',
        newOutcome: 'chargeback',
        reasoning: 'The shop never proved delivery.',
      };
      const doors: [string, (token?: string) => Promise<Answer>][] = [
        ['the dossier', (token) => get(`/api/ombudsman/cases/${carolRef}/dossier`, token)],
        [
          'the dossier page',
          (token) =>
            token === undefined
              ? Promise.resolve({ status: 401, code: 'ombudsman_token_missing' })
              : get(`/ombudsman/cases/${carolRef}`, token),
        ],
        ['the queue', (token) => get('/api/ombudsman/cases', token)],
        ['a decision', (token) => post(`/api/ombudsman/cases/${carolRef}/decision`, decision, token)],
      ];
      const credentials: [string, string | undefined, Answer][] = [
        ['no token', undefined, { status: 401, code: 'ombudsman_token_missing' }],
        [
          'a wrong token of the same length',
          OMBUDSMAN_TOKEN.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x')),
          { status: 401, code: 'not_the_ombudsman' },
        ],
        [
          'the token without its last character',
          OMBUDSMAN_TOKEN.slice(0, -1),
          { status: 401, code: 'not_the_ombudsman' },
        ],
        ['the token and one character more', `${OMBUDSMAN_TOKEN}x`, { status: 401, code: 'not_the_ombudsman' }],
        ["the case's own consumer's session", carol.token, { status: 401, code: 'not_the_ombudsman' }],
        ["an agent's Slack bot token", BOT_TOKEN, { status: 401, code: 'not_the_ombudsman' }],
        ["the Slack app's signing secret", SIGNING_SECRET, { status: 401, code: 'not_the_ombudsman' }],
      ];
      const attempts: [string, () => Promise<Answer>, Answer][] = [];
      for (const [door, knock] of doors) {
        for (const [who, token, expected] of credentials)
          attempts.push([`${who} at ${door}`, () => knock(token), expected]);
      }
      attempts.push(
        [
          'the ombudsman, the dossier of a case never sent there',
          () => get(`/api/ombudsman/cases/${neverSent}/dossier`, OMBUDSMAN_TOKEN),
          { status: 404, code: 'case_not_found' },
        ],
        [
          'the ombudsman, the page of a case never sent there',
          () => get(`/ombudsman/cases/${neverSent}`, OMBUDSMAN_TOKEN),
          { status: 404, code: 'case_not_found' },
        ],
        [
          'the ombudsman, the dossier of no case',
          () => get('/api/ombudsman/cases/OMB-00000000/dossier', OMBUDSMAN_TOKEN),
          { status: 404, code: 'case_not_found' },
        ],
        // The ombudsman may know that a case exists; a decision on one that is not theirs is a conflict.
        [
          'the ombudsman, a decision on a case never sent there',
          () => post(`/api/ombudsman/cases/${neverSent}/decision`, decision, OMBUDSMAN_TOKEN),
          { status: 409, code: 'not_with_ombudsman' },
        ],
        [
          'the ombudsman, a decision on no case',
          () => post('/api/ombudsman/cases/OMB-00000000/decision', decision, OMBUDSMAN_TOKEN),
          { status: 404, code: 'case_not_found' },
        ],
      );
      await refusedAndUnchanged(attempts);
      // Control: the ombudsman's token opens the dossier and decides.
      expect(await get(`/api/ombudsman/cases/${carolRef}/dossier`, OMBUDSMAN_TOKEN)).toEqual({
        status: 200,
        code: undefined,
      });
      expect(await post(`/api/ombudsman/cases/${carolRef}/decision`, decision, OMBUDSMAN_TOKEN)).toEqual({
        status: 200,
        code: undefined,
      });
    });

    it("Slack requests that are not Slack's are refused with 401 and run nothing; the signed one picks the case up", async () => {
      const queued = (await open(contextFor(db), alice.user, 'invoice', new Date(), { language: 'en' })).case.ref;
      await until(
        () => slackCalls.some((c) => c.method === 'chat.postMessage' && JSON.stringify(c.body).includes(queued)),
        'the case card',
      );
      const click = pickUpClick(queued, 'U0MALLORY');
      const now = Math.floor(Date.now() / 1000);
      const send = (request: Parameters<typeof postToSlackEndpoint>[1]) => async (): Promise<Answer> => {
        const response = await postToSlackEndpoint(base, request);
        let code: string | undefined;
        try {
          code = JSON.parse(response.text).error?.code;
        } catch {
          code = undefined;
        }
        return { status: response.status, code };
      };
      const callsBefore = slackCalls.length;
      const refused = { status: 401, code: 'slack_signature_invalid' };
      await refusedAndUnchanged([
        [
          'signed with another secret',
          send({ ...click, timestamp: now, signature: signature(click.body, now, 'not-the-signing-secret') }),
          refused,
        ],
        [
          'the body changed after signing',
          send({
            ...pickUpClick(queued, 'U0MALLORY'),
            timestamp: now,
            signature: signature(pickUpClick(queued, 'U0ANNA').body, now),
          }),
          refused,
        ],
        ['correctly signed, but six minutes old (a replay)', send({ ...click, timestamp: now - 6 * 60 }), refused],
        [
          'a signature for another timestamp',
          send({ ...click, timestamp: now, signature: signature(click.body, now - 1) }),
          refused,
        ],
        ['no signature header', send({ ...click, signature: null }), refused],
        [
          'no timestamp header',
          async () => {
            const response = await fetch(`${base}/slack/events`, {
              method: 'POST',
              headers: { 'content-type': click.contentType, 'x-slack-signature': signature(click.body, now) },
              body: click.body,
            });
            return answer(response);
          },
          refused,
        ],
      ]);
      expect(slackCalls.slice(callsBefore)).toEqual([]);
      expect((await findCaseByRef(db, queued))?.case.status).toBe('queued');
      // Control: the same click, signed with the app's secret, takes the case.
      expect((await send(click)()).status).toBe(200);
      await until(async () => (await findCaseByRef(db, queued))?.case.assignee === 'U0MALLORY', 'the pick-up');
    });
  });
}

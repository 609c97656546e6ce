// A replica killed between answering Slack and storing the agent's message loses nothing. Two
// replicas share one PostgreSQL; the agent's thread message reaches replica B, which answers
// Slack 200 (so Slack will not send it again) while the test holds the case's row, so the reply
// cannot be stored yet; B is then killed with SIGKILL. Replica A takes the message up once B's
// claim has lapsed: the consumer (whose socket is on A) gets it once, and the agent sees the ✅
// once. (PostgreSQL only: two processes cannot share a PGlite directory; the same recovery runs
// on both drivers in-process in test/slack/thread-recovery.test.ts.)
import { once } from 'node:events';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  EVENT_CLAIM_LEASE_SECONDS,
  notifyInTransaction,
  openDatabase,
  runCaseCommand,
  type Db,
} from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startFakeSlack, type FakeSlackServer } from '../support/fake-slack-server.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';
import { eventually, postToSlackEndpoint, SIGNING_SECRET, threadMessageEvent } from '../slack/support.ts';

const CHANNEL = 'C0CS';
const AGENT = 'U0ANNA';

let slack: FakeSlackServer;
let replicaA: ServiceProcess;
let replicaB: ServiceProcess;
let db: Db;
let url: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  slack = await startFakeSlack();
  const database = await createServerDatabase();
  url = database.url;
  drop = database.drop;
  const env = {
    DATABASE_URL: database.url,
    SESSION_SECRET: 'slack-event-kill-secret-of-at-least-32-characters',
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: 'xoxb-event-kill-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CHANNEL_CUSTOMER_SERVICE: CHANNEL,
    SLACK_BOT_ID: 'BBOT',
    SLACK_BOT_USER_ID: 'UBOT',
    SLACK_API_URL: slack.url,
  };
  [replicaA, replicaB] = await Promise.all([startReadyService(env), startReadyService(env)]);
  db = await openDatabase({ kind: 'postgres', url: database.url });
}, 90_000);

afterAll(async () => {
  for (const replica of [replicaA, replicaB])
    if (replica && replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill('SIGTERM');
  await Promise.all([replicaA?.exited, replicaB?.exited]);
  await slack?.close();
  await db?.close();
  await drop?.();
});

describe("a replica killed after answering Slack, before storing the agent's message [postgres]", () => {
  it('loses nothing: the other replica sends it to the consumer once, and the agent sees the ✅ once', async () => {
    const base = `http://127.0.0.1:${replicaA.port}`;
    const session = (await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json()) as {
      user: string;
      token: string;
    };
    const ws = new WebSocket(`ws://127.0.0.1:${replicaA.port}/ws?token=${session.token}`);
    const frames: { type: string; text?: string; from?: string; case?: { ref: string } }[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await once(ws, 'open');
    // The consumer asks for a person (the bot may ask what it is about first).
    for (const text of [
      'I want to talk to a human',
      'The amount on my invoice is wrong, I was charged twice.',
      'human',
    ]) {
      const before = frames.length;
      ws.send(JSON.stringify({ type: 'message', text }));
      await eventually(() => frames.length > before, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (frames.some((frame) => frame.case)) break;
    }
    const ref = frames.find((frame) => frame.case)!.case!.ref;
    await eventually(() => slack.cardPostsByRef().has(ref), 10_000);
    const cardTs = slack.calls.find(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.status === 200 &&
        !call.body.thread_ts &&
        call.body.blocks?.includes(ref),
    )!.ts!;
    const picked = await runCaseCommand(
      { db, signal: notifyInTransaction() },
      ref,
      { type: 'pick_up', actor: { kind: 'agent', id: AGENT, tier: 'customer_service' } },
      new Date(),
    );
    expect(picked.ok).toBe(true);

    const text = `Your refund for ${ref} is on its way.`;
    const { ts, request } = threadMessageEvent({ channel: CHANNEL, threadTs: cardTs, user: AGENT, text });

    // The case's row is held, so B cannot store the reply yet; B answers Slack all the same, and dies.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    let killedAt: number;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM cases WHERE ref = $1 FOR UPDATE', [ref]);
      expect((await postToSlackEndpoint(`http://127.0.0.1:${replicaB.port}`, request)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300)); // B is waiting on the row now
      replicaB.child.kill('SIGKILL');
      expect((await replicaB.exited).signal).toBe('SIGKILL');
      killedAt = Date.now();
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    const stored = async () =>
      (
        await db.query<{ n: number }>("SELECT count(*)::int AS n FROM messages WHERE direction = 'out' AND text = $1", [
          text,
        ])
      ).rows[0]!.n;
    expect(await stored()).toBe(0);

    // A takes it up once B's claim has lapsed (and its next recovery round comes).
    const ticks = () =>
      slack.calls.filter(
        (call) =>
          call.method === 'reactions.add' && call.body.timestamp === ts && call.body.name === 'white_check_mark',
      );
    await eventually(() => frames.some((frame) => frame.text === text), (EVENT_CLAIM_LEASE_SECONDS + 20) * 1000);
    await eventually(() => ticks().length > 0, 5_000);
    expect(Date.now() - killedAt!).toBeLessThan((EVENT_CLAIM_LEASE_SECONDS + 20) * 1000);
    await new Promise((resolve) => setTimeout(resolve, 12_000)); // past A's next recovery round: still once
    ws.close();
    expect(frames.filter((frame) => frame.text === text)).toHaveLength(1);
    expect(frames.find((frame) => frame.text === text)!.from).toBe('agent');
    expect(await stored()).toBe(1);
    expect(ticks()).toHaveLength(1);
    expect(replicaA.child.exitCode).toBeNull();
  }, 90_000);
});

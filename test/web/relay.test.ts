// Live relay across processes: the consumer's socket is on replica A; the agent's reply is
// written by another process on the same PostgreSQL (as the Slack desk on another replica will
// write it; Slack itself comes later); NOTIFY carries it. Replica B serves the history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { once } from 'node:events';
import { postAgentReply } from '../../bot/dialog/agent-reply.ts';
import { coalescedNotify, findCaseByRef, openDatabase, runCaseCommand, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';

const SECRET = 'relay-test-secret-of-at-least-32-characters';
let replicaA: ServiceProcess;
let replicaB: ServiceProcess;
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createServerDatabase();
  drop = database.drop;
  const env = { DATABASE_URL: database.url, SESSION_SECRET: SECRET, LOG_LEVEL: 'warn' };
  replicaA = await startReadyService(env);
  replicaB = await startReadyService(env);
  db = await openDatabase({ kind: 'postgres', url: database.url });
}, 90_000);

afterAll(async () => {
  for (const replica of [replicaA, replicaB]) replica.child.kill('SIGTERM');
  await Promise.all([replicaA.exited, replicaB.exited]);
  await db.close();
  await drop();
});

describe('an agent reply reaches the consumer whichever process writes it [postgres]', () => {
  it('is delivered live to the widget on replica A, once, and is in the history', async () => {
    const base = `http://127.0.0.1:${replicaA.port}`;
    const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
    const ws = new WebSocket(`ws://127.0.0.1:${replicaA.port}/ws?token=${session.token}`);
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await once(ws, 'open');
    // the consumer asks for a person on replica A
    ws.send(
      JSON.stringify({
        type: 'message',
        text: 'I want to talk to a human about my invoice, the amount on it is not right at all',
      }),
    );
    const deadline = Date.now() + 10_000;
    while (!frames.some((frame) => frame.case) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const ref = (frames.find((frame) => frame.case)!.case as { ref: string }).ref;

    // an agent, from another process, picks the case up and answers
    const context = { db, signal: coalescedNotify(db) };
    const agent = { kind: 'agent', id: 'u-anna', tier: 'customer_service' } as const;
    expect((await runCaseCommand(context, ref, { type: 'pick_up', actor: agent }, new Date())).ok).toBe(true);
    const posted = await postAgentReply(context, {
      caseRef: ref,
      agent: { id: 'u-anna', tier: 'customer_service' },
      text: 'Hi, Anna here. I am looking at it now.',
      now: new Date(),
    });
    expect(posted.ok).toBe(true);

    const until = Date.now() + 5_000;
    while (!frames.some((frame) => frame.text === 'Hi, Anna here. I am looking at it now.') && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past one catch-up round: still once
    const agentFrames = frames.filter((frame) => frame.text === 'Hi, Anna here. I am looking at it now.');
    expect(agentFrames).toHaveLength(1);
    expect(agentFrames[0]).toMatchObject({ type: 'message', from: 'agent', case: { ref } });

    // the bot stays silent while a person holds the case
    const before = frames.length;
    ws.send(JSON.stringify({ type: 'message', text: 'thanks, here is more detail' }));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(frames.slice(before).filter((frame) => frame.type === 'message')).toEqual([]);
    expect((await findCaseByRef(db, ref))!.case.firstResponseAt).not.toBeNull();

    const history = await (
      await fetch(`http://127.0.0.1:${replicaB.port}/api/chat/history`, {
        headers: { authorization: `Bearer ${session.token}` },
      })
    ).json();
    expect(history.messages.map((message: { text: string }) => message.text)).toContain(
      'Hi, Anna here. I am looking at it now.',
    );
    ws.close();
  });

  it('an agent who does not hold the case cannot reply; nothing is stored', async () => {
    const base = `http://127.0.0.1:${replicaB.port}`;
    const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
    const say = async (text: string) =>
      (
        await fetch(`${base}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
          body: JSON.stringify({ type: 'message', text, user: session.user }),
        })
      ).json();
    // the "person" button asks what it is about; the answer opens the case
    await say('human');
    const replies = await say('my invoice has the wrong amount');
    const ref = replies.at(-1).case.ref;
    const posted = await postAgentReply(
      { db, signal: coalescedNotify(db) },
      { caseRef: ref, agent: { id: 'u-stranger', tier: 'customer_service' }, text: 'hello?', now: new Date() },
    );
    expect(posted.ok).toBe(false);
    const history = await (
      await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${session.token}` } })
    ).json();
    expect(history.messages.map((message: { text: string }) => message.text)).not.toContain('hello?');
  });

  it('a resolved case asks its consumer once for a rating, whichever replica holds the socket; the answer is stored once', async () => {
    const session = await (
      await fetch(`http://127.0.0.1:${replicaB.port}/api/chat/session`, { method: 'POST' })
    ).json();
    const ws = new WebSocket(`ws://127.0.0.1:${replicaA.port}/ws?token=${session.token}`);
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await once(ws, 'open');
    ws.send(
      JSON.stringify({
        type: 'message',
        text: 'Jag vill prata med en människa om min faktura, beloppet på den stämmer inte alls',
      }),
    );
    const waitFor = async (test: (frame: Record<string, unknown>) => boolean, ms = 8_000) => {
      const deadline = Date.now() + ms;
      while (!frames.some(test) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return frames.filter(test);
    };
    const ref = ((await waitFor((frame) => Boolean(frame.case)))[0]!.case as { ref: string }).ref;
    const context = { db, signal: coalescedNotify(db) };
    const agent = { kind: 'agent', id: 'u-bo', tier: 'customer_service' } as const;
    await runCaseCommand(context, ref, { type: 'pick_up', actor: agent }, new Date());
    await runCaseCommand(context, ref, { type: 'resolve', actor: agent, outcome: 'answered' }, new Date());

    const isRatingRequest = (frame: Record<string, unknown>) =>
      Array.isArray(frame.quick_replies) &&
      (frame.quick_replies as { payload: string }[]).map((reply) => reply.payload).join() === '1,2,3,4,5';
    await waitFor(isRatingRequest);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(frames.filter(isRatingRequest)).toHaveLength(1);
    expect(frames.find(isRatingRequest)!.text).toContain(ref);

    ws.send(JSON.stringify({ type: 'message', text: '4' }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    ws.send(JSON.stringify({ type: 'message', text: 'Snabbt och vänligt' }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    ws.send(JSON.stringify({ type: 'message', text: '1' }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const { rows } = await db.query<{ rating: number; comment: string }>(
      'SELECT r.rating, r.comment FROM case_ratings r JOIN cases c ON c.id = r.case_id WHERE c.ref = $1',
      [ref],
    );
    expect(rows).toEqual([{ rating: 4, comment: 'Snabbt och vänligt' }]);
    ws.close();
  }, 30_000);
});

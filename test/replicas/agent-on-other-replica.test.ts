// Two replicas of the service on one PostgreSQL, both with the Slack desk on, Slack's Web API a
// local stand-in. The consumer chats over the websocket on replica A; the agent works the case
// in Slack, whose events (signed) reach replica B. Twenty agent replies, the consumer writing
// between them, paced as an agent types or all at once as Slack delivers a backlog: none is lost,
// each reaches the consumer's socket once and in the order the history keeps, and both replicas
// serve the same conversation, in the order it happened.
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import {
  cardClick,
  eventually,
  postToSlackEndpoint,
  retriedDelivery,
  SIGNING_SECRET,
  startFakeSlackApi,
  threadMessageEvent,
  type FakeSlackApi,
} from '../slack/support.ts';

const CHANNEL = 'C0CS';
const AGENT = 'U0ANNA';
const REPLIES = 20;
/** The consumer writes after every second reply they see. */
const CONSUMER_EVERY = 2;

let slack: FakeSlackApi;
let replicaA: ServiceProcess;
let replicaB: ServiceProcess;
/** Replica B reaches PostgreSQL through this, so that a test can take B's database away. */
let databaseOfB: TcpProxy;
let drop: () => Promise<void>;

beforeAll(async () => {
  slack = await startFakeSlackApi();
  const database = await createServerDatabase();
  drop = database.drop;
  const env = {
    DATABASE_URL: database.url,
    SESSION_SECRET: 'replicas-test-secret-of-at-least-32-characters',
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: 'xoxb-replicas-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CHANNEL_CUSTOMER_SERVICE: CHANNEL,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: slack.url,
  };
  const url = new URL(database.url);
  databaseOfB = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(databaseOfB.port);
  [replicaA, replicaB] = await Promise.all([
    startReadyService(env),
    startReadyService({ ...env, DATABASE_URL: url.toString() }),
  ]);
}, 90_000);

// When a test fails, what the replicas said (and whether one died) is the first clue.
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  for (const [name, replica] of [
    ['A', replicaA],
    ['B', replicaB],
  ] as const) {
    if (!replica) continue;
    const state =
      replica.child.exitCode === null && replica.child.signalCode === null
        ? 'running'
        : `exited (${replica.child.exitCode ?? replica.child.signalCode})`;
    console.error(
      `replica ${name}: ${state}\nstderr: ${replica.stderr.slice(-20).join('\n')}\nstdout: ${replica.stdout.slice(-20).join('\n')}`,
    );
  }
});

afterAll(async () => {
  for (const replica of [replicaA, replicaB]) replica?.child.kill('SIGTERM');
  await Promise.all([replicaA?.exited, replicaB?.exited]);
  await slack?.close();
  await databaseOfB?.close();
  await drop?.();
});

const base = (replica: ServiceProcess) => `http://127.0.0.1:${replica.port}`;

const threadMessage = (threadTs: string, text: string) =>
  threadMessageEvent({ channel: CHANNEL, threadTs, user: AGENT, text });

function pickUpClick(ref: string, cardTs: string) {
  return cardClick({ ref, actionId: CARD_ACTIONS.pickUp, channel: CHANNEL, cardTs, user: AGENT });
}

interface Frame {
  type: string;
  text?: string;
  from?: string;
  id?: number;
  case?: { ref: string };
}
interface HistoryMessage {
  id: number;
  direction: 'in' | 'out';
  text: string;
}

/** Asks for a person over `ws`; the case's reference. The bot may first ask what it is about. */
async function askForPerson(ws: WebSocket, frames: Frame[], text: string): Promise<string> {
  ws.send(JSON.stringify({ type: 'message', text }));
  for (const answer of ['The amount on my invoice is wrong, I was charged twice.', 'human']) {
    const answered = frames.length;
    await eventually(() => frames.length > answered || frames.some((frame) => frame.case), 10_000).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300)); // the turn's bubbles come together
    if (frames.some((frame) => frame.case)) break;
    ws.send(JSON.stringify({ type: 'message', text: answer }));
  }
  await eventually(() => frames.some((frame) => frame.case), 10_000);
  return frames.find((frame) => frame.case)!.case!.ref;
}

/**
 * The consumer asks for a person on replica A; the agent picks the case up from its card and
 * writes `REPLIES` messages in the card's thread through replica B, `paced` (each as soon as the
 * previous one shows its ✅) or all at once (Slack delivering a backlog); the consumer writes
 * back after every second reply they see.
 */
async function converse(pace: 'paced' | 'burst') {
  const session = await (await fetch(`${base(replicaA)}/api/chat/session`, { method: 'POST' })).json();
  const ws = new WebSocket(`ws://127.0.0.1:${replicaA.port}/ws?token=${session.token}`);
  const frames: Frame[] = [];
  const agentFrames = () => frames.filter((frame) => frame.type === 'message' && frame.from === 'agent');
  /** Each consumer message, with the last agent reply the consumer had seen when writing it. */
  const written: { text: string; afterReply: string }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    const seen = agentFrames().length;
    if (frame.from === 'agent' && seen % CONSUMER_EVERY === 0) {
      const text = `Consumer message ${written.length + 1}: thanks, I read your reply ${seen}`;
      written.push({ text, afterReply: frame.text! });
      ws.send(JSON.stringify({ type: 'message', text }));
    }
  });
  await once(ws, 'open');
  const ref = await askForPerson(ws, frames, 'I want to talk to a human');

  // The case's card in the customer-service channel (posted once, by either replica); its
  // thread is where the agent works.
  const isCard = (call: FakeSlackApi['calls'][number]) =>
    call.method === 'chat.postMessage' &&
    call.body.channel === CHANNEL &&
    !call.body.thread_ts &&
    JSON.stringify(call.body).includes(ref);
  await eventually(() => slack.calls.some(isCard), 10_000);
  expect(slack.calls.filter(isCard)).toHaveLength(1);
  const cardTs = String(slack.calls.find(isCard)!.answer.ts);

  expect((await postToSlackEndpoint(base(replicaB), pickUpClick(ref, cardTs))).status).toBe(200);
  const caseOnA = async () =>
    (
      await (
        await fetch(`${base(replicaA)}/api/cases/${ref}`, { headers: { authorization: `Bearer ${session.token}` } })
      ).json()
    ).case;
  const until = Date.now() + 10_000;
  while ((await caseOnA()).status !== 'assigned' && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await caseOnA()).toMatchObject({ ref, status: 'assigned' });

  const replies = Array.from(
    { length: REPLIES },
    (_, index) => `Agent reply ${index + 1} of ${REPLIES} (${pace}): still looking into ${ref}.`,
  );
  const sent = (ts: string) =>
    slack.calls.some(
      (call) => call.method === 'reactions.add' && call.body.timestamp === ts && call.body.name === 'white_check_mark',
    );
  const messages = replies.map((reply) => threadMessage(cardTs, reply));
  if (pace === 'paced') {
    for (const { ts, request } of messages) {
      expect((await postToSlackEndpoint(base(replicaB), request)).status).toBe(200);
      await eventually(() => sent(ts), 10_000);
    }
  } else {
    const statuses = await Promise.all(
      messages.map(async ({ request }) => (await postToSlackEndpoint(base(replicaB), request)).status),
    );
    expect(statuses).toEqual(replies.map(() => 200));
  }
  // Every one went out: the agent sees its ✅ on each, and no "not sent".
  await eventually(() => messages.every(({ ts }) => sent(ts)), 15_000);
  expect(slack.calls.filter((call) => call.method === 'chat.postEphemeral')).toEqual([]);
  await eventually(() => agentFrames().length >= REPLIES, 10_000);
  await new Promise((resolve) => setTimeout(resolve, 2_500)); // past a catch-up round of the relay: still once
  ws.close();

  const received = agentFrames().map((frame) => frame.text);
  if (pace === 'paced') expect(received).toEqual(replies);
  else expect([...received].sort()).toEqual([...replies].sort());
  expect(written).toHaveLength(REPLIES / CONSUMER_EVERY);
  // The bot stays silent while the agent holds the case: nothing but the agent answered.
  const afterHandoff = frames
    .slice(frames.findIndex((frame) => frame.case) + 1)
    .filter((frame) => frame.type === 'message');
  expect(afterHandoff.every((frame) => frame.from === 'agent')).toBe(true);

  const history = async (replica: ServiceProcess) =>
    (
      await (
        await fetch(`${base(replica)}/api/chat/history`, { headers: { authorization: `Bearer ${session.token}` } })
      ).json()
    ).messages as HistoryMessage[];
  // The socket gives no receipt for the consumer's messages while the bot is silent: wait for them.
  const deadline = Date.now() + 10_000;
  let onA = await history(replicaA);
  while (written.some(({ text }) => !onA.some((message) => message.text === text)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    onA = await history(replicaA);
  }
  const onB = await history(replicaB);
  expect(onB).toEqual(onA);

  // The socket showed the agent's replies in the conversation's order, each once.
  const storedReplies = onA.filter((message) => message.direction === 'out' && message.text.startsWith('Agent reply'));
  expect(storedReplies.map((message) => message.text)).toEqual(received);
  expect(agentFrames().map((frame) => frame.id)).toEqual(storedReplies.map((message) => message.id));
  // The consumer's messages are kept in the order written, each after the reply it answers.
  const texts = onA.map((message) => message.text);
  expect(
    onA
      .filter((message) => message.direction === 'in' && message.text.startsWith('Consumer message'))
      .map((message) => message.text),
  ).toEqual(written.map(({ text }) => text));
  for (const { text, afterReply } of written) expect(texts.indexOf(text)).toBeGreaterThan(texts.indexOf(afterReply));

  // And the agent read each of the consumer's messages in the card's thread, once.
  const mirrored = (text: string) =>
    slack.calls.filter(
      (call) => call.method === 'chat.postMessage' && call.body.thread_ts === cardTs && call.body.text?.includes(text),
    );
  await eventually(() => written.every(({ text }) => mirrored(text).length > 0), 5_000);
  for (const { text } of written) expect(mirrored(text)).toHaveLength(1);
}

describe('a consumer on replica A, the agent answering through Slack on replica B [postgres]', () => {
  it(
    'gets every agent reply once and in order, and both replicas show the same conversation in the order it happened',
    () => converse('paced'),
    60_000,
  );

  it(
    'loses none of a burst of replies written at once, and shows them in the order they were stored, once',
    () => converse('burst'),
    60_000,
  );

  it('does not acknowledge a message replica B cannot record (its database gone), so Slack delivers it again and it arrives once; on its last delivery the agent is told privately', async () => {
    const session = await (await fetch(`${base(replicaA)}/api/chat/session`, { method: 'POST' })).json();
    const ws = new WebSocket(`ws://127.0.0.1:${replicaA.port}/ws?token=${session.token}`);
    const frames: Frame[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
    await once(ws, 'open');
    const ref = await askForPerson(ws, frames, 'Can I talk to a person please');
    const isCard = (call: FakeSlackApi['calls'][number]) =>
      call.method === 'chat.postMessage' &&
      call.body.channel === CHANNEL &&
      !call.body.thread_ts &&
      JSON.stringify(call.body).includes(ref);
    await eventually(() => slack.calls.some(isCard), 10_000);
    const cardTs = String(slack.calls.find(isCard)!.answer.ts);
    await postToSlackEndpoint(base(replicaB), pickUpClick(ref, cardTs));
    const holds = async () =>
      (
        await (
          await fetch(`${base(replicaA)}/api/cases/${ref}`, { headers: { authorization: `Bearer ${session.token}` } })
        ).json()
      ).case.status === 'assigned';
    const until = Date.now() + 10_000;
    while (!(await holds()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));

    const text = `Your refund for ${ref} is on its way.`;
    const lost = `And the fee for ${ref} is waived.`;
    const notSent = () =>
      slack.calls.filter(
        (call) =>
          call.method === 'chat.postEphemeral' &&
          call.body.user === AGENT &&
          call.body.thread_ts === cardTs &&
          /^Not sent to the consumer: something went wrong/.test(call.body.text ?? ''),
      );
    const ticked = (ts: string) =>
      slack.calls.some((call) => call.method === 'reactions.add' && call.body.timestamp === ts);
    const first = threadMessage(cardTs, text);
    const last = threadMessage(cardTs, lost);
    await databaseOfB.cut();
    try {
      // Not recorded, so not acknowledged: Slack will deliver it again.
      expect((await postToSlackEndpoint(base(replicaB), first.request)).status).toBe(500);
      // Slack's last delivery is acknowledged whatever happens, and the agent is told.
      expect((await postToSlackEndpoint(base(replicaB), retriedDelivery(last.request, 3))).status).toBe(200);
      await eventually(() => notSent().length === 1, 15_000);
      expect(ticked(first.ts) || ticked(last.ts)).toBe(false);
    } finally {
      await databaseOfB.restore();
    }
    const ready = Date.now() + 15_000;
    while (
      (await fetch(`${base(replicaB)}/readyz`)
        .then((response) => response.status)
        .catch(() => 0)) !== 200 &&
      Date.now() < ready
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // Slack's next delivery of the first message goes out (✅) and reaches the consumer once.
    expect((await postToSlackEndpoint(base(replicaB), retriedDelivery(first.request, 1))).status).toBe(200);
    await eventually(() => ticked(first.ts), 10_000);
    await eventually(() => frames.some((frame) => frame.text === text), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    ws.close();
    expect(frames.filter((frame) => frame.text === text)).toHaveLength(1);
    const history = (
      await (
        await fetch(`${base(replicaB)}/api/chat/history`, { headers: { authorization: `Bearer ${session.token}` } })
      ).json()
    ).messages as HistoryMessage[];
    expect(history.filter((message) => message.text === text)).toHaveLength(1);
    expect(history.some((message) => message.text === lost)).toBe(false);
    expect(notSent()).toHaveLength(1);
    expect(ticked(last.ts)).toBe(false);
  }, 60_000);
});

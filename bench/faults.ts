// npm run bench:faults — the real service (a child process, as `npm start` runs it) through three
// faults, each with what was lost and what was duplicated:
//
//   pg_restart: the service on a PostgreSQL cluster of this run's own (initdb + pg_ctl in a temp
//               dir on a free port; the shared server is never touched). BENCH_FAULTS_SOCKETS (50)
//               websocket consumers talk for BENCH_FAULTS_SECONDS (24 s), each message unique and
//               sent with a clientMessageId, pausing 0.5-1.5 s (BENCH_FAULTS_THINK_MS, 1000 on
//               average) before each. A third of the way in the cluster is stopped (`pg_ctl stop
//               -m fast`), left down for BENCH_FAULTS_PG_DOWN_MS (3000), and started again. A
//               consumer whose message gets an error frame or no answer within 10 s sends it
//               again with the same clientMessageId after 0.5 s, as the widget does. A message is
//               acknowledged when the bot's answer to it arrived. /readyz is polled every 100 ms
//               throughout. Afterwards the database is asked for every acknowledged message: lost
//               = not stored, duplicated = stored more than once.
//   slack:      the service with the agent desk on, its Web API pointed (SLACK_API_URL) at a local
//               stand-in for Slack that answers a share of calls (BENCH_FAULTS_SLACK_FAIL, 0.2:
//               half of it 429 with Retry-After: 1, half 500) before doing the work, and `ok`
//               otherwise. BENCH_FAULTS_SLACK_CASES (30) consumers ask for a person over the app
//               webhook, each opening a case whose card must appear in customer service's
//               channel, then writes once more. Cards expected, posted (distinct cases with a
//               successful post), posted twice, missing; where the agents see the consumer's second
//               message (the card's thread, else the card's transcript; missing = neither), and
//               messages mirrored into a thread twice.
//   llm:        the service three times on fresh databases: the LLM fallback off; on, with
//               OPENAI_BASE_URL on a port that refuses connections (down); on, with an endpoint
//               that answers only after OPENAI_TIMEOUT_MS + 2 s (slow). BENCH_FAULTS_LLM_CONSUMERS
//               (60) new consumers each send one message the local classifier is unsure of
//               (confidence below the threshold, so the LLM would be asked), 10 at a time over the
//               webhook; then the LLM off once more. Reply latency p50/p99 beside the LLM-off
//               runs, consumers answered, answers the same as with the LLM off (the local
//               classifier's), and the LLM client's calls, failures and breaker from /metrics. The
//               breaker opens after 3 failures in a row, so the calls already in flight when the
//               endpoint goes slow (up to the 10 concurrent here) wait out the timeout: the p99.
//
// Each fault runs once (its figures are counts; the latencies are one run's, on a shared
// machine), so that the whole script stays under 3 minutes. The test files in test/faults/ hold
// the same behaviour at a small size.
//
// Env: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else local postgres) for the slack and llm
// phases' fresh databases; the sizes above; BENCH_FAULTS_LLM_TIMEOUT_MS (1000: OPENAI_TIMEOUT_MS).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startFakeLlm, refusingBaseUrl } from '../test/support/fake-llm-server.ts';
import { startFakeSlack, type FakeSlackAnswer } from '../test/support/fake-slack-server.ts';
import {
  loopbackAddress,
  openSocket,
  requestJson,
  ChatConsumer,
  emptyTally,
  type PacingOptions,
} from './lib/chat-load.ts';
import { scriptFor } from './lib/chat-mix.ts';
import { freePort, startNodeChild, waitUntil, type Child } from './lib/child-process.ts';
import { withFreshDatabase } from './lib/database.ts';
import { startPrivatePostgres } from './lib/private-postgres.ts';
import { percentile, printTable, round } from './lib/stats.ts';

const SOCKETS = Number(process.env.BENCH_FAULTS_SOCKETS ?? 50);
const LOAD_SECONDS = Number(process.env.BENCH_FAULTS_SECONDS ?? 24);
const THINK_MS = Number(process.env.BENCH_FAULTS_THINK_MS ?? 1_000);
const PG_DOWN_MS = Number(process.env.BENCH_FAULTS_PG_DOWN_MS ?? 3_000);
const SLACK_CASES = Number(process.env.BENCH_FAULTS_SLACK_CASES ?? 30);
const SLACK_FAIL = Number(process.env.BENCH_FAULTS_SLACK_FAIL ?? 0.2);
const LLM_CONSUMERS = Number(process.env.BENCH_FAULTS_LLM_CONSUMERS ?? 60);
const LLM_TIMEOUT_MS = Number(process.env.BENCH_FAULTS_LLM_TIMEOUT_MS ?? 1_000);
const SECRET = 'bench-faults-session-secret-0123456789abcdef';
const PACING: PacingOptions = { timeoutMs: 10_000, quietMs: 25, endTurnOnError: true };
/** Consumer indices (each its own loopback address, for the per-address session limit). */
const PG_FIRST = 0;
const SLACK_FIRST = 1_000;
const LLM_FIRST = 2_000;
const WARMUP_FIRST = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => round(ms / 1000, 1);

interface Session {
  user: string;
  token: string;
}

async function startService(env: Record<string, string>): Promise<{ child: Child; base: string }> {
  const port = await freePort();
  const child = startNodeChild('bot/main.ts', {
    SESSION_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntil(
    child,
    () =>
      fetch(`${base}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      ),
    'the service gets ready',
    90_000,
  );
  return { child, base };
}

async function session(base: string, index: number): Promise<Session> {
  const { status, body } = await requestJson<Session>(`${base}/api/chat/session`, {
    method: 'POST',
    localAddress: loopbackAddress(index),
  });
  if (status !== 201) throw new Error(`POST /api/chat/session answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

interface WebhookReply {
  text: string;
  case?: { ref: string };
}

async function webhook(
  base: string,
  index: number,
  consumer: Session,
  text: string,
): Promise<{ status: number; replies: WebhookReply[]; ms: number }> {
  const started = performance.now();
  const { status, body } = await requestJson<WebhookReply[]>(`${base}/api/messages`, {
    method: 'POST',
    localAddress: loopbackAddress(index),
    headers: { authorization: `Bearer ${consumer.token}` },
    body: { type: 'message', text, user: consumer.user },
  });
  return { status, replies: Array.isArray(body) ? body : [], ms: performance.now() - started };
}

/** Runs `work` for 0..count-1, at most `concurrency` at once. */
async function pool(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let index = next++; index < count; index = next++) await work(index);
    }),
  );
}

// pg_restart -------------------------------------------------------------------------------

interface ReadyzSample {
  at: number;
  status: number;
}

function pollReadyz(base: string): { samples: ReadyzSample[]; stop(): Promise<void> } {
  const samples: ReadyzSample[] = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      const status = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3_000) }).then(
        (r) => r.status,
        () => 0,
      );
      samples.push({ at: performance.now(), status });
      await sleep(100);
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** Texts a consumer says in turn (its chat-mix script without the bare quick-reply payloads). */
function sayings(index: number): string[] {
  const said = [...scriptFor(index), ...scriptFor(index + 1)].filter((text) => text.includes(' '));
  return said.length > 0 ? said : ['Hej, jag behöver hjälp'];
}

async function pgRestart() {
  const cluster = await startPrivatePostgres();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE ombud');
  await admin.end();
  const url = cluster.url.replace(/\/postgres$/, '/ombud');
  const service = await startService({ DATABASE_URL: url });
  try {
    const tally = emptyTally();
    const consumers: ChatConsumer[] = [];
    await pool(SOCKETS, 10, async (i) => {
      const index = PG_FIRST + i;
      const { token } = await session(service.base, index);
      const ws = await openSocket(
        `ws://127.0.0.1:${service.base.split(':').at(-1)}/ws?token=${encodeURIComponent(token)}`,
        loopbackAddress(index),
      );
      // Every message is unique (its tag), and the tag is its clientMessageId: a resend is the same message.
      const frame = (text: string) =>
        JSON.stringify({ type: 'message', text, clientMessageId: text.slice(text.lastIndexOf('[') + 1, -1) });
      consumers[i] = new ChatConsumer(ws, frame, true, PACING, tally);
    });

    const readyz = pollReadyz(service.base);
    const acknowledged: { text: string; at: number }[] = [];
    const unacknowledged: string[] = [];
    let attempts = 0;
    let resends = 0;
    let errorFrames = 0;
    let timeouts = 0;
    const started = performance.now();
    const end = started + LOAD_SECONDS * 1000;
    // A message still unanswered when the load ends gets this long more (resends included).
    const giveUpAt = end + 15_000;

    const fault = (async () => {
      await sleep((LOAD_SECONDS * 1000) / 3);
      const stoppedAt = performance.now();
      await cluster.stop();
      const downAt = performance.now();
      await sleep(PG_DOWN_MS);
      await cluster.start();
      return { stoppedAt, downAt, upAt: performance.now() };
    })();

    await Promise.all(
      consumers.map(async (consumer, i) => {
        const said = sayings(PG_FIRST + i);
        for (let seq = 0; performance.now() < end; seq++) {
          await sleep(THINK_MS * (0.5 + Math.random()));
          if (performance.now() >= end) break;
          const text = `${said[seq % said.length]} [c${i}m${seq}]`;
          let done = false;
          for (let attempt = 0; !done && performance.now() < giveUpAt; attempt++) {
            attempts++;
            if (attempt > 0) resends++;
            const result = await consumer.send(text);
            if (result.latencyMs !== undefined) {
              acknowledged.push({ text, at: performance.now() });
              done = true;
            } else {
              if (result.error) errorFrames++;
              else timeouts++;
              await sleep(500);
            }
          }
          if (!done) unacknowledged.push(text);
        }
      }),
    );
    const { stoppedAt, downAt, upAt } = await fault;
    await sleep(1_000);
    await readyz.stop();
    for (const consumer of consumers) consumer.close();

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query<{ text: string; copies: number }>(
      "SELECT text, count(*)::int AS copies FROM messages WHERE direction = 'in' GROUP BY text",
    );
    const { rows: unanswered } = await db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM messages WHERE direction = 'in' AND handled_at IS NULL",
    );
    await db.end();
    const stored = new Map(rows.map((row) => [row.text, row.copies]));
    const lost = acknowledged.filter((message) => !stored.has(message.text)).length;
    const duplicated = rows.filter((row) => row.copies > 1).length;

    const first503 = readyz.samples.find((sample) => sample.at >= stoppedAt && sample.status !== 200);
    const back200 = first503
      ? readyz.samples.find((sample) => sample.at > first503.at && sample.status === 200)
      : undefined;
    const alive = !service.child.hasExited();
    if (!alive) {
      console.error('the service exited during the run; its last lines:');
      for (const line of [...service.child.stdout.slice(-5), ...service.child.stderr.slice(-20)])
        console.error(line.slice(0, 2_000));
    }
    return {
      consumers: consumers.length,
      messages: acknowledged.length + unacknowledged.length,
      attempts,
      resends,
      errorFrames,
      timeouts,
      acknowledged: acknowledged.length,
      acknowledgedAfterRestart: acknowledged.filter((message) => message.at > upAt).length,
      unacknowledged: unacknowledged.length,
      lost,
      duplicated,
      storedUnanswered: unanswered[0]?.count ?? 0,
      lateFrames: tally.late,
      pgDownS: seconds(upAt - downAt),
      /** From `pg_ctl stop` to the first /readyz that was not 200. */
      notReadyAfterS: first503 ? seconds(first503.at - stoppedAt) : null,
      notReadyForS: first503 && back200 ? seconds(back200.at - first503.at) : null,
      /** From the cluster being up again to /readyz answering 200. */
      recoveredAfterS: back200 ? seconds(Math.max(0, back200.at - upAt)) : null,
      serviceAlive: alive,
    };
  } finally {
    await service.child.stop();
    await cluster.destroy();
  }
}

// slack ------------------------------------------------------------------------------------

/** A small seeded generator, so that a run's failures can be had again. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What each consumer writes after asking for a person: the agents must see it once. */
const SECOND = 'Jag väntar fortfarande på svar';

async function slackFaults() {
  const random = seeded(Number(process.env.BENCH_FAULTS_SEED ?? 8));
  const failed = { 429: 0, 500: 0 };
  const slack = await startFakeSlack({
    answer: ({ method }): FakeSlackAnswer => {
      if (method === 'auth.test') return 'ok';
      const draw = random();
      if (draw < SLACK_FAIL / 2) return (failed[429]++, 429);
      if (draw < SLACK_FAIL) return (failed[500]++, 500);
      return 'ok';
    },
  });
  try {
    return await withFreshDatabase(async (url) => {
      const service = await startService({
        DATABASE_URL: url,
        SLACK_API_URL: slack.url,
        SLACK_BOT_TOKEN: 'xoxb-bench-faults',
        SLACK_SIGNING_SECRET: 'bench-faults-signing-secret',
        SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS',
        SLACK_BOT_ID: 'BBOT',
        SLACK_BOT_USER_ID: 'UBOT',
      });
      try {
        const refs = new Set<string>();
        const started = performance.now();
        await pool(SLACK_CASES, 10, async (i) => {
          const index = SLACK_FIRST + i;
          const consumer = await session(service.base, index);
          const { replies } = await webhook(service.base, index, consumer, 'Jag vill prata med en människa');
          const ref = replies.find((reply) => reply.case)?.case?.ref;
          if (ref) refs.add(ref);
          // A second message after the card is up is mirrored into its thread.
          await sleep(1_500);
          await webhook(service.base, index, consumer, SECOND);
        });
        // Cards whose post failed are retried with backoff (429: after Retry-After): wait for all of them.
        // The consumer's second message must reach the agents: in the card's thread when it came
        // after the card was made, else in the card's own transcript (a post or an update of it).
        const shown = (ref: string) => {
          const cardTs = slack.calls.find(
            (call) =>
              call.method === 'chat.postMessage' &&
              call.status === 200 &&
              !call.body.thread_ts &&
              call.body.blocks?.includes(ref),
          )?.ts;
          const inThread = slack.calls.some(
            (call) =>
              call.method === 'chat.postMessage' &&
              call.status === 200 &&
              cardTs !== undefined &&
              call.body.thread_ts === cardTs &&
              call.body.text?.includes(SECOND),
          );
          const inCard = slack.calls.some(
            (call) =>
              (call.method === 'chat.postMessage' || call.method === 'chat.update') &&
              call.status === 200 &&
              !call.body.thread_ts &&
              call.body.blocks?.includes(ref) &&
              call.body.blocks.includes(SECOND),
          );
          return { inThread, inCard };
        };
        const deadline = performance.now() + 60_000;
        while (performance.now() < deadline && [...refs].some((ref) => !slack.cardPostsByRef().has(ref)))
          await sleep(250);
        const allPostedS = seconds(performance.now() - started);
        // The thread posts wait behind the cards (and Slack's 429 pauses the client's whole queue).
        while (performance.now() < deadline && [...refs].map(shown).some((where) => !where.inThread && !where.inCard))
          await sleep(250);
        const allShownS = seconds(performance.now() - started);
        // Then a few seconds more: a duplicate would come from a retry or a catch-up scan after the fact.
        await sleep(4_000);
        const posts = slack.cardPostsByRef();
        const threadPosts = new Map<string, number>();
        for (const call of slack.calls) {
          if (call.method === 'chat.postMessage' && call.status === 200 && call.body.thread_ts) {
            const key = `${call.body.thread_ts}\n${call.body.text}`;
            threadPosts.set(key, (threadPosts.get(key) ?? 0) + 1);
          }
        }
        const second = [...refs].map(shown);
        return {
          casesOpened: refs.size,
          cardsExpected: SLACK_CASES,
          cardsPosted: [...refs].filter((ref) => posts.has(ref)).length,
          cardsPostedTwice: [...posts.values()].filter((count) => count > 1).length,
          cardsMissing: [...refs].filter((ref) => !posts.has(ref)).length + (SLACK_CASES - refs.size),
          secondInThread: second.filter((where) => where.inThread).length,
          secondInCardOnly: second.filter((where) => where.inCard && !where.inThread).length,
          secondMissing: second.filter((where) => !where.inCard && !where.inThread).length,
          mirroredTwice: [...threadPosts.values()].filter((count) => count > 1).length,
          slackCalls: slack.calls.length,
          answered429: failed[429],
          answered500: failed[500],
          allPostedS,
          allShownS,
        };
      } finally {
        await service.child.stop();
      }
    });
  } finally {
    await slack.close();
  }
}

// llm --------------------------------------------------------------------------------------

/** Messages the local classifier is unsure of (below the 0.6 threshold): the ones the LLM is asked about. */
const UNSURE = [
  'jag undrar lite',
  'I have a question about something',
  'ich habe eine Frage',
  'jeg lurer på noe',
  'hur gör jag nu med det',
  'the payment thing from before',
];

async function metric(base: string, name: string): Promise<number> {
  const text = await fetch(`${base}/metrics`).then((r) => r.text());
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

async function llmRun(env: Record<string, string>, firstIndex: number) {
  return withFreshDatabase(async (url) => {
    const service = await startService({ DATABASE_URL: url, ...env });
    try {
      // A fresh process is slow at first (JIT, the connection pool): confident messages, which
      // never go to the LLM, warm it up before anything is measured.
      await pool(10, 5, async (i) => {
        const index = WARMUP_FIRST + firstIndex + i;
        await webhook(service.base, index, await session(service.base, index), 'Hur betalar jag min faktura?');
      });
      const latencies: number[] = [];
      const answers: string[] = new Array(LLM_CONSUMERS).fill('');
      let answered = 0;
      await pool(LLM_CONSUMERS, 10, async (i) => {
        const consumer = await session(service.base, firstIndex + i);
        const { status, replies, ms } = await webhook(
          service.base,
          firstIndex + i,
          consumer,
          UNSURE[i % UNSURE.length]!,
        );
        if (status === 200 && replies.length > 0) {
          answered++;
          latencies.push(ms);
          answers[i] = replies.map((reply) => reply.text).join('\n');
        }
      });
      return {
        answered,
        latencies,
        answers,
        llmCalls: await metric(service.base, 'ombud_llm_calls_total'),
        llmFailures: await metric(service.base, 'ombud_llm_failures_total'),
        breakerOpen: await metric(service.base, 'ombud_llm_breaker_open'),
      };
    } finally {
      await service.child.stop();
    }
  });
}

async function llmFaults() {
  const off = await llmRun({}, LLM_FIRST);
  const down = await llmRun(
    { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: await refusingBaseUrl(), OPENAI_TIMEOUT_MS: String(LLM_TIMEOUT_MS) },
    LLM_FIRST + LLM_CONSUMERS,
  );
  const slowServer = await startFakeLlm({ mode: 'slow', delayMs: LLM_TIMEOUT_MS + 2_000 });
  let slow: Awaited<ReturnType<typeof llmRun>>;
  try {
    slow = await llmRun(
      { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: slowServer.baseUrl, OPENAI_TIMEOUT_MS: String(LLM_TIMEOUT_MS) },
      LLM_FIRST + 2 * LLM_CONSUMERS,
    );
  } finally {
    await slowServer.close();
  }
  // The LLM off once more, last: the machine's state moves during a run (other jobs share it),
  // and the faults' figures sit between the two.
  const offAgain = await llmRun({}, LLM_FIRST + 3 * LLM_CONSUMERS);
  const summary = (run: Awaited<ReturnType<typeof llmRun>>) => ({
    consumers: LLM_CONSUMERS,
    answered: run.answered,
    sameAsLlmOff: run.answers.filter((answer, i) => answer !== '' && answer === off.answers[i]).length,
    p50Ms: round(percentile(run.latencies, 50), 1),
    p99Ms: round(percentile(run.latencies, 99), 1),
    maxMs: round(Math.max(...run.latencies), 1),
    over1s: run.latencies.filter((ms) => ms > 1_000).length,
    llmCalls: run.llmCalls,
    llmFailures: run.llmFailures,
    breakerOpen: run.breakerOpen === 1,
  });
  return {
    timeoutMs: LLM_TIMEOUT_MS,
    off: summary(off),
    down: summary(down),
    slow: summary(slow),
    offAgain: summary(offAgain),
  };
}

// ------------------------------------------------------------------------------------------

const ONLY = (process.env.BENCH_FAULTS_ONLY ?? 'pg_restart,slack,llm').split(',');
const result: Record<string, unknown> = {};

if (ONLY.includes('pg_restart')) {
  const pgResult = await pgRestart();
  printTable(
    ['pg_restart', 'value'],
    Object.entries(pgResult).map(([key, value]) => [key, String(value)]),
  );
  result.pg_restart = {
    acknowledged: pgResult.acknowledged,
    lost: pgResult.lost,
    duplicated: pgResult.duplicated,
    unacknowledged: pgResult.unacknowledged,
    acknowledged_after_restart: pgResult.acknowledgedAfterRestart,
    service_alive: pgResult.serviceAlive,
    not_ready_after_s: pgResult.notReadyAfterS,
    not_ready_s: pgResult.notReadyForS,
    recovered_s: pgResult.recoveredAfterS,
  };
}

if (ONLY.includes('slack')) {
  const slackResult = await slackFaults();
  printTable(
    ['slack 429/500', 'value'],
    Object.entries(slackResult).map(([key, value]) => [key, String(value)]),
  );
  result.slack = {
    cards_expected: slackResult.cardsExpected,
    posted: slackResult.cardsPosted,
    posted_twice: slackResult.cardsPostedTwice,
    missing: slackResult.cardsMissing,
    consumer_messages_missing: slackResult.secondMissing,
    mirrored_twice: slackResult.mirroredTwice,
    answered_429: slackResult.answered429,
    answered_500: slackResult.answered500,
  };
}

if (ONLY.includes('llm')) {
  const llmResult = await llmFaults();
  printTable(
    [`llm (timeout ${llmResult.timeoutMs} ms)`, 'off', 'down (refused)', 'slow (beyond the timeout)', 'off, again'],
    (Object.keys(llmResult.off) as (keyof typeof llmResult.off)[]).map((key) => [
      key,
      String(llmResult.off[key]),
      String(llmResult.down[key]),
      String(llmResult.slow[key]),
      String(llmResult.offAgain[key]),
    ]),
  );
  result.llm = {
    timeout_ms: llmResult.timeoutMs,
    ...Object.fromEntries(
      (['off', 'down', 'slow', 'offAgain'] as const).map((mode) => [
        mode === 'offAgain' ? 'off_again' : mode,
        {
          consumers: llmResult[mode].consumers,
          answered: llmResult[mode].answered,
          same_as_off: llmResult[mode].sameAsLlmOff,
          p50_ms: llmResult[mode].p50Ms,
          p99_ms: llmResult[mode].p99Ms,
          breaker_open: llmResult[mode].breakerOpen,
        },
      ]),
    ),
  };
}

console.log(JSON.stringify(result));

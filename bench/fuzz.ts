// npm run bench:fuzz — the fuzzer's inputs (test/support/fuzz-inputs.ts), BENCH_FUZZ_INPUTS (10,000)
// of each kind, against the real service as a child process on a fresh PostgreSQL database, with
// Slack on (its Web API and response URLs answered by a local stand-in that records every call):
//   http:  requests to the JSON routes (bytes, broken JSON, wrong types, deep nesting, oversized
//          bodies, odd charsets and encodings, NUL and lone surrogates, another consumer's case,
//          the ombudsman's desk with a consumer's token), 32 at a time;
//   ws:    frames on /ws?token=... (not JSON, wrong fields, another user, not UTF-8, binary, too
//          big), on 8 sockets of one consumer, each waiting for the frame's answer;
//   slack: signed junk events, interactive payloads and slash commands, and unsigned, wrongly
//          signed and stale ones, 400 at a time (Bolt answers what no listener acknowledges
//          after 3 s);
//   raw:   request lines and websocket upgrade headers written on plain TCP connections (targets
//          such as //a:b/ws, absolute and authority forms, *, 70 kB, bad percent-encoding, NUL;
//          Upgrade, Connection, Sec-WebSocket-* and Host missing, doubled or odd; HTTP/1.0 and the
//          HTTP/2 preface), 32 at a time;
//   texts: valid chat messages built to cost time (a cue and a long run of filler, separators
//          repeated, almost-matches of every entity and of personal data), BENCH_FUZZ_TEXTS
//          (a tenth of the inputs) over the webhook and as many over the websocket, one at a time,
//          /healthz asked all the while.
// Printed: inputs sent, answers by class, answers that break the rules (a 5xx, no answer, a body
// without a stable code, a frame answered by the bot), the distinct error codes, rows written by
// the bad inputs (every table's count before and after), Slack calls that post, the slowest chat
// message (its time and what it was made of, never its text) and the slowest /healthz meanwhile,
// whether the process crashed (and in which phase, on which inputs); and at the end a good message
// on a fresh socket, which must still be answered.
// Env: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else local postgres), BENCH_FUZZ_INPUTS
// (10000), BENCH_FUZZ_TEXTS (a tenth of the inputs), BENCH_FUZZ_SEED (a random one, printed).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import pg from 'pg';
import type { WebSocket } from 'ws';
import { issueSession } from '../bot/web/session.ts';
import { openDatabase } from '../db/index.ts';
import { readHeldOutSet } from '../intents/corpus.ts';
import { fuzzCredentials, FUZZ_OMBUDSMAN_TOKEN, FUZZ_SECRET } from '../test/fuzz/support.ts';
import {
  acceptedStatuses,
  adversarialTextArbitrary,
  adversarialTexts,
  answerProblem,
  exchangeRaw,
  frameProblem,
  httpInput,
  materialise,
  PROBE_TEXT,
  rawProblem,
  rawRequest,
  rowChanges,
  sendFrame,
  sendRaw,
  slackInput,
  SLACK_POSTING_METHODS,
  STABLE_ERROR_CODES,
  tableRowCounts,
  wsFrame,
  type AdversarialText,
  type SlackInput,
} from '../test/support/fuzz-inputs.ts';
import { signature } from '../test/slack/support.ts';
import { openSocket } from './lib/chat-load.ts';
import { freePort, startNodeChild, waitUntil, type Child } from './lib/child-process.ts';
import { mainThreadCpuMs } from './lib/proc-cpu.ts';
import { withFreshDatabase } from './lib/database.ts';
import { watchHealth } from './lib/health-watch.ts';
import { median, printTable } from './lib/stats.ts';

const INPUTS = Number(process.env.BENCH_FUZZ_INPUTS ?? 10_000);
const TEXTS = Number(process.env.BENCH_FUZZ_TEXTS ?? Math.ceil(INPUTS / 10));
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** A chat session sends this many costly texts, then the next takes over: under the burst of 20 a consumer may send. */
const TEXTS_PER_SESSION = 15;
const SIGNING_SECRET = 'bench-fuzz-signing-secret-0123456789';
const CS = 'C0BENCHCS';
const INV = 'C0BENCHINV';

interface Tally {
  sent: number;
  '2xx': number;
  '4xx': number;
  '5xx': number;
  other: number;
  broken: number;
  examples: string[];
  codes: Set<string>;
}

const tally = (): Tally => ({
  sent: 0,
  '2xx': 0,
  '4xx': 0,
  '5xx': 0,
  other: 0,
  broken: 0,
  examples: [],
  codes: new Set(),
});

function count(t: Tally, status: number, text: string, problem: string | undefined) {
  t.sent += 1;
  if (status >= 200 && status < 300) t['2xx'] += 1;
  else if (status >= 400 && status < 500) t['4xx'] += 1;
  else if (status >= 500) t['5xx'] += 1;
  else t.other += 1;
  try {
    const code = JSON.parse(text)?.error?.code;
    if (typeof code === 'string') t.codes.add(code);
  } catch {
    // not a JSON body
  }
  if (problem) {
    t.broken += 1;
    if (t.examples.length < 5) t.examples.push(problem.slice(0, 300));
  }
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Slack's stand-in: every Web API call and response_url post answered ok and recorded. */
async function slackStandIn() {
  const calls: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = (req.url ?? '').startsWith('/api/')
        ? (req.url ?? '').slice(5).split('?')[0]!
        : `response_url${/ephemeral/.test(body) ? ' (ephemeral)' : ''}`;
      calls.push(method);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, channel: 'C0', ts: '1764300000.000001' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function postSlack(base: string, input: SlackInput) {
  const now = Math.floor(Date.now() / 1000);
  const timestamp = input.kind === 'stale' ? now - 6 * 60 : now;
  const headers: Record<string, string> = {
    'content-type': input.contentType,
    'x-slack-request-timestamp': String(timestamp),
  };
  if (input.kind === 'bad_signature') headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`;
  else if (input.kind !== 'unsigned') headers['x-slack-signature'] = signature(input.body, timestamp, SIGNING_SECRET);
  return sendRaw(
    base,
    { method: 'POST', path: '/slack/events', headers, body: Buffer.from(input.body, 'utf8') },
    15_000,
  );
}

/** Where the service was when it exited without being asked to: the phase, the inputs in flight, its last words. */
interface Crash {
  phase: string;
  inputs: string[];
  said: string;
}

/** Watches the service for an exit nobody asked for, knowing the phase and the inputs in flight. */
function crashWatch(service: Child) {
  let phase = 'start';
  let stopping = false;
  let crash: Crash | undefined;
  const inFlight = new Set<{ label: string }>();
  void service.exited.then(() => {
    if (stopping) return;
    const said = service.stderr.find((line) => /^\s*\w*Error\b/.test(line)) ?? service.stderr.at(-1) ?? '';
    crash = { phase, inputs: [...inFlight].map((entry) => entry.label), said: said.trim().slice(0, 200) };
  });
  return {
    /** Names the phase now running. */
    enter(name: string) {
      phase = name;
    },
    /** One input's exchange, its label kept while it is in flight. */
    async sending<T>(label: string, exchange: () => Promise<T>): Promise<T> {
      const entry = { label };
      inFlight.add(entry);
      try {
        return await exchange();
      } finally {
        inFlight.delete(entry);
      }
    },
    /** The service has exited: nothing more is sent. */
    down: () => service.hasExited(),
    crash: () => crash,
    /** The bench stops the service now: that exit is no crash. */
    stopping() {
      stopping = true;
    },
  };
}

type Watch = ReturnType<typeof crashWatch>;

/**
 * Ordinary messages sent first on each channel and not counted: the texts are weighed against a
 * warm service, not against its first turn or the first phone number it ever checks.
 */
const WARM_UP: readonly AdversarialText[] = [
  { label: 'an ordinary greeting', text: 'Hej! Jag har en fråga om min faktura.' },
  {
    label: 'an ordinary report',
    text: 'Jag har inte köpt det här: 1 299 kr från Zalando den 12 maj, order 48213. Ring 070-123 45 67 eller a.b@example.se.',
  },
];

/** What a group of chat messages took: each answer's time, the slowest, and the costliest to the service. */
interface TextRun {
  tally: Tally;
  latencies: number[];
  slowest: { ms: number; label: string; channel: string };
  /** By the service's event loop's CPU time in the message: its cost, however busy the machine. */
  costliest: { ms: number; label: string; channel: string };
}

function textRun(): TextRun {
  return {
    tally: tally(),
    latencies: [],
    slowest: { ms: 0, label: '', channel: '' },
    costliest: { ms: 0, label: '', channel: '' },
  };
}

/** One chat message to send and the group it is counted in (none for the warm-up). */
interface ChatText {
  message: AdversarialText;
  run?: TextRun;
}

const warmUpFirst = (texts: readonly ChatText[]): ChatText[] => [...WARM_UP.map((message) => ({ message })), ...texts];

function answered(message: AdversarialText, run: TextRun, channel: string, ms: number, cpuMs: number) {
  run.latencies.push(ms);
  if (ms > run.slowest.ms) run.slowest = { ms, label: message.label, channel };
  if (cpuMs > run.costliest.ms) run.costliest = { ms: cpuMs, label: message.label, channel };
}

/** The texts as a consumer of the app sends them, one after another: every one must be answered. */
async function textsOverWebhook(base: string, pid: number, texts: readonly ChatText[], watch: Watch) {
  let session = issueSession(FUZZ_SECRET, { now: new Date() });
  for (const [i, { message, run }] of warmUpFirst(texts).entries()) {
    if (watch.down()) return;
    if (i > 0 && i % TEXTS_PER_SESSION === 0) session = issueSession(FUZZ_SECRET, { now: new Date() });
    const { label, text } = message;
    const body = Buffer.from(JSON.stringify({ type: 'message', text, user: session.user }));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${session.token}` };
    const cpu = mainThreadCpuMs(pid);
    const started = performance.now();
    const answer = await watch.sending(label, () =>
      sendRaw(base, { method: 'POST', path: '/api/messages', headers, body }, 15_000),
    );
    const ms = performance.now() - started;
    if (!run) continue;
    const problem = answer.failure
      ? `webhook, ${label}: no answer (${answer.failure})`
      : answer.status !== 200
        ? `webhook, ${label}: ${answer.status} ${answer.text.slice(0, 120)}`
        : undefined;
    count(run.tally, answer.status, answer.text, problem);
    if (!problem) answered(message, run, 'webhook', ms, mainThreadCpuMs(pid) - cpu);
  }
}

/** The same over the widget's websocket: from a frame to the first frame of its answer. */
async function textsOverSocket(base: string, pid: number, texts: readonly ChatText[], watch: Watch) {
  let socket: WebSocket | undefined;
  let user = '';
  for (const [i, { message, run }] of warmUpFirst(texts).entries()) {
    if (watch.down()) break;
    const { label, text } = message;
    if (i % TEXTS_PER_SESSION === 0 || !socket || socket.readyState !== socket.OPEN) {
      socket?.terminate();
      const session = issueSession(FUZZ_SECRET, { now: new Date() });
      user = session.user;
      socket = await openSocket(`${base.replace('http', 'ws')}/ws?token=${session.token}`).catch(() => undefined);
      if (!socket) {
        if (run) count(run.tally, 0, '', `websocket: could not connect for ${label}`);
        break;
      }
    }
    const open = socket;
    const cpu = mainThreadCpuMs(pid);
    const started = performance.now();
    const outcome = await watch.sending(label, () =>
      sendFrame(
        open,
        { binary: false, data: JSON.stringify({ type: 'message', text }) },
        { ownUser: user, otherUser: '' },
        15_000,
      ),
    );
    const ms = performance.now() - started;
    if (!run) continue;
    if (outcome.kind === 'reply') {
      count(run.tally, 200, '', undefined);
      answered(message, run, 'websocket', ms, mainThreadCpuMs(pid) - cpu);
    } else {
      const answer =
        outcome.kind === 'error'
          ? `error frame ${outcome.code}`
          : outcome.kind === 'close'
            ? `closed ${outcome.code}`
            : 'no answer';
      const status = outcome.kind === 'error' ? (outcome.code === 'internal_error' ? 500 : 400) : 0;
      count(
        run.tally,
        status,
        outcome.kind === 'error' ? JSON.stringify({ error: { code: outcome.code } }) : '',
        `websocket, ${label}: ${answer}`,
      );
    }
  }
  socket?.terminate();
}

async function run(url: string) {
  const slack = await slackStandIn();
  const port = await freePort();
  const service = startNodeChild('bot/main.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    SESSION_SECRET: FUZZ_SECRET,
    OMBUDSMAN_TOKEN: FUZZ_OMBUDSMAN_TOKEN,
    SMTP_URL: 'smtp://127.0.0.1:9',
    SLACK_BOT_TOKEN: 'xoxb-bench-fuzz',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CHANNEL_CUSTOMER_SERVICE: CS,
    SLACK_CHANNEL_INVESTIGATION: INV,
    SLACK_BOT_ID: 'B0BENCH',
    SLACK_BOT_USER_ID: 'U0BENCHBOT',
    SLACK_API_URL: `${slack.url}/api/`,
  });
  const watch = crashWatch(service);
  const base = `http://127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await waitUntil(
      service,
      () =>
        fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      'the service',
    );
    await admin.connect();
    const db = await openDatabase({ kind: 'postgres', url });
    const credentials = await fuzzCredentials(db);
    await db.close();
    // The other consumer's case may get a card in the investigation channel: let the poster post it first.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const slackCallsBefore = slack.calls.length;
    const before = await tableRowCounts((sql) => admin.query(sql));
    const started = Date.now();

    // HTTP
    watch.enter('http');
    const http = tally();
    // Each kind's inputs are sampled where they are sent and dropped after: the bench's own heap
    // (HTTP bodies of up to 200 kB) would otherwise cost it collector pauses in the timed phase.
    const httpStart = Date.now();
    await inParallel(fc.sample(httpInput, { numRuns: INPUTS, seed: SEED }), 32, async (input) => {
      if (watch.down()) return;
      const sent = materialise(input, credentials);
      const answer = await watch.sending(`${sent.method} ${input.path.slice(0, 60)}`, () =>
        sendRaw(base, sent, 15_000),
      );
      count(http, answer.status, answer.text, answerProblem(answer, acceptedStatuses(input)));
    });
    const httpMs = Date.now() - httpStart;

    // Websocket
    watch.enter('websocket');
    const ws = tally();
    const frames = fc.sample(wsFrame, { numRuns: INPUTS, seed: SEED + 1 });
    const ids = { ownUser: credentials.ownUser, otherUser: credentials.otherUser };
    const socketUrl = `${base.replace('http', 'ws')}/ws?token=${credentials.ownToken}`;
    const wsStart = Date.now();
    const lanes = 8;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        let socket: WebSocket | undefined;
        for (let i = lane; i < frames.length && !watch.down(); i += lanes) {
          if (!socket || socket.readyState !== socket.OPEN) socket = await openSocket(socketUrl).catch(() => undefined);
          if (!socket) {
            count(ws, 0, '', 'could not open a socket');
            break;
          }
          const open = socket;
          const outcome = await watch.sending(`frame ${i}`, () => sendFrame(open, frames[i]!, ids, 5_000));
          ws.sent += 1;
          if (outcome.kind === 'error') {
            ws['4xx'] += 1;
            ws.codes.add(outcome.code);
          } else if (outcome.kind === 'close') {
            ws['4xx'] += 1;
            ws.codes.add(`close ${outcome.code}`);
          } else ws.other += 1;
          const problem = frameProblem(outcome);
          if (problem) {
            ws.broken += 1;
            if (ws.examples.length < 5) ws.examples.push(problem.slice(0, 300));
          }
        }
        socket?.terminate();
      }),
    );
    const wsMs = Date.now() - wsStart;
    frames.length = 0;

    // Slack
    watch.enter('slack');
    const slackTally = tally();
    const slackStart = Date.now();
    await inParallel(
      fc.sample(slackInput({ tierChannels: [CS, INV], responseUrl: slack.url }), { numRuns: INPUTS, seed: SEED + 2 }),
      400,
      async (input) => {
        if (watch.down()) return;
        const answer = await watch.sending(`slack ${input.kind}`, () => postSlack(base, input));
        const signed = input.kind !== 'unsigned' && input.kind !== 'bad_signature' && input.kind !== 'stale';
        const problem = answer.failure
          ? `no answer: ${answer.failure}`
          : !signed && answer.status !== 401
            ? `${input.kind}: ${answer.status}`
            : signed && answer.status >= 500
              ? `signed ${input.kind}: ${answer.status} ${answer.text.slice(0, 100)}`
              : undefined;
        count(slackTally, answer.status, answer.text, problem);
      },
    );
    const slackMs = Date.now() - slackStart;

    // Raw request lines and upgrade headers
    watch.enter('raw');
    const raw = tally();
    let rawClosed = 0;
    let rawUpgraded = 0;
    const rawValues = { token: credentials.ownToken, host: `127.0.0.1:${port}` };
    const rawStart = Date.now();
    await inParallel(fc.sample(rawRequest, { numRuns: INPUTS, seed: SEED + 3 }), 32, async (input) => {
      if (watch.down()) return;
      const exchange = await watch.sending(input.label, () => exchangeRaw(port, input, rawValues));
      if (exchange.closed) rawClosed += 1;
      if (exchange.status === 101) rawUpgraded += 1;
      count(raw, exchange.status, '', rawProblem(input, exchange));
    });
    const rawMs = Date.now() - rawStart;

    // Handlers work after the acknowledgement: let them finish before counting rows and posts.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const after = await tableRowCounts((sql) => admin.query(sql));
    const written = rowChanges(before, after);
    const rowsWritten = Object.keys(after).reduce(
      (sum, name) => sum + Math.abs((after[name] ?? 0) - (before[name] ?? 0)),
      0,
    );
    const slackPosts = slack.calls
      .slice(slackCallsBefore)
      .filter((method) => SLACK_POSTING_METHODS.has(method) || method === 'response_url');
    const slackPrivate = slack.calls.length - slackCallsBefore - slackPosts.length;
    const writtenRows =
      rowsWritten > 0
        ? (
            await admin.query(
              'SELECT c.channel, c.consumer_id, m.direction, left(m.text, 80) AS text FROM messages m JOIN conversations c ON c.id = m.conversation_id ORDER BY m.id DESC LIMIT 5',
            )
          ).rows
        : [];

    // Costly chat texts: valid messages, stored and answered, so after the rows of the bad inputs are counted.
    watch.enter('texts');
    // Each costly text is followed by an ordinary message from the held-out corpus: the yardstick,
    // under the same load, for what a message costs anyway.
    const costly = textRun();
    const ordinary = textRun();
    const heldOut = readHeldOutSet();
    const costlyTexts = [
      PROBE_TEXT,
      ...fc.sample(fc.oneof(fc.constantFrom(...adversarialTexts()), adversarialTextArbitrary), {
        numRuns: Math.max(0, TEXTS - 1),
        seed: SEED + 4,
      }),
    ];
    const chatTexts = costlyTexts.flatMap((message, i): ChatText[] => {
      const plain = heldOut[(i * 7919) % heldOut.length]!;
      return [
        { message, run: costly },
        { message: { label: `held-out ${plain.language} ${plain.intent}`, text: plain.text }, run: ordinary },
      ];
    });
    const health = watchHealth(base);
    await textsOverWebhook(base, service.pid, chatTexts, watch);
    await textsOverSocket(base, service.pid, chatTexts, watch);
    const healthMs = await health.stop();
    const texts = costly.tally;
    const medianOf = (run: TextRun) => (run.latencies.length ? median(run.latencies) : 0);
    // Sent one at a time: the rate is one over the mean answer time.
    const oneAtATime = (run: TextRun) =>
      Math.round(
        (1000 * run.latencies.length) /
          Math.max(
            1,
            run.latencies.reduce((sum, ms) => sum + ms, 0),
          ),
      );

    // After all of it: still alive, and a good message is answered.
    const alive =
      !watch.down() &&
      (await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
    let goodAnswered = false;
    if (alive) {
      const socket = await openSocket(socketUrl);
      const outcome = await sendFrame(
        socket,
        { binary: false, data: JSON.stringify({ type: 'message', text: 'Hej!' }) },
        ids,
        20_000,
      );
      goodAnswered = outcome.kind === 'reply';
      socket.terminate();
    }
    const crash = watch.crash();
    const errorLogLines = service.stdout.filter(
      (line) => /"level":"(error|fatal)"/.test(line) && !/"component":"slack"/.test(line),
    );
    const unknownCodes = [
      ...new Set([
        ...http.codes,
        ...slackTally.codes,
        ...ws.codes,
        ...raw.codes,
        ...texts.codes,
        ...ordinary.tally.codes,
      ]),
    ].filter(
      (code) => !code.startsWith('close ') && !STABLE_ERROR_CODES.has(code) && code !== 'slack_signature_invalid',
    );
    const perSecond = (t: Tally, ms: number) => Math.round(t.sent / (Math.max(ms, 1) / 1000));

    console.log(
      `bench:fuzz — ${INPUTS} inputs of each kind and ${TEXTS} costly texts on each chat channel, seed ${SEED}, real service on PostgreSQL (${Math.round((Date.now() - started) / 1000)} s)`,
    );
    console.log('');
    printTable(
      ['kind', 'sent', '2xx', '4xx / refused', '5xx', 'other', 'rule broken', 'inputs/s', 'distinct codes'],
      [
        [
          'http',
          http.sent,
          http['2xx'],
          http['4xx'],
          http['5xx'],
          http.other,
          http.broken,
          perSecond(http, httpMs),
          [...http.codes].sort().join(' '),
        ],
        [
          'websocket',
          ws.sent,
          0,
          ws['4xx'],
          0,
          ws.other,
          ws.broken,
          perSecond(ws, wsMs),
          [...ws.codes].sort().join(' '),
        ],
        [
          'slack',
          slackTally.sent,
          slackTally['2xx'],
          slackTally['4xx'],
          slackTally['5xx'],
          slackTally.other,
          slackTally.broken,
          perSecond(slackTally, slackMs),
          [...slackTally.codes].sort().join(' '),
        ],
        [
          'raw request lines',
          raw.sent,
          raw['2xx'],
          raw['4xx'],
          raw['5xx'],
          raw.other,
          raw.broken,
          perSecond(raw, rawMs),
          `101: ${rawUpgraded}, closed unanswered: ${rawClosed}`,
        ],
        [
          'costly chat texts',
          texts.sent,
          texts['2xx'],
          texts['4xx'],
          texts['5xx'],
          texts.other,
          texts.broken,
          oneAtATime(costly),
          [...texts.codes].sort().join(' '),
        ],
        [
          'ordinary between them',
          ordinary.tally.sent,
          ordinary.tally['2xx'],
          ordinary.tally['4xx'],
          ordinary.tally['5xx'],
          ordinary.tally.other,
          ordinary.tally.broken,
          oneAtATime(ordinary),
          [...ordinary.tally.codes].sort().join(' '),
        ],
      ],
    );
    console.log('');
    for (const [kind, t] of [
      ['http', http],
      ['websocket', ws],
      ['slack', slackTally],
      ['raw', raw],
      ['texts', texts],
      ['ordinary', ordinary.tally],
    ] as const) {
      for (const example of t.examples) console.log(`${kind} rule broken: ${example}`);
    }
    console.log(`rows written by the bad inputs: ${rowsWritten}${rowsWritten ? ` ${JSON.stringify(written)}` : ''}`);
    for (const row of writtenRows) console.log(`  written: ${JSON.stringify(row)}`);
    console.log(
      `Slack calls that post: ${slackPosts.length}${slackPosts.length ? ` (${[...new Set(slackPosts)].join(', ')})` : ''}; private answers to the clicking agent: ${slackPrivate}`,
    );
    for (const [name, run] of [
      ['costly chat texts', costly],
      ['ordinary messages between them', ordinary],
    ] as const) {
      console.log(
        `${name}: answered in ${medianOf(run).toFixed(1)} ms at the median, the slowest in ${Math.round(run.slowest.ms)} ms (${run.slowest.channel || 'none answered'}): ${run.slowest.label || '-'}; ` +
          `the costliest to the service ${run.costliest.ms.toFixed(1)} ms of its event loop's CPU: ${run.costliest.label || '-'}`,
      );
    }
    console.log(`the slowest /healthz meanwhile: ${Math.round(healthMs)} ms`);
    console.log(
      crash
        ? `crashed: true, in the ${crash.phase} phase, saying: ${crash.said}; in flight then:`
        : `crashed: ${!alive}`,
    );
    for (const input of crash?.inputs ?? []) console.log(`  ${input}`);
    console.log(
      `error log lines of the service: ${errorLogLines.length}; a good message afterwards answered: ${goodAnswered}`,
    );
    for (const line of errorLogLines.slice(0, 3)) {
      const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string } };
      console.log(`  ${parsed.msg}: ${parsed.err?.message ?? ''}`.slice(0, 300));
    }
    console.log(`codes outside the stable set: ${unknownCodes.length ? unknownCodes.join(' ') : 'none'}`);
    const summary = (t: Tally) => ({
      sent: t.sent,
      '2xx': t['2xx'],
      '4xx': t['4xx'],
      '5xx': t['5xx'],
      other: t.other,
      broken: t.broken,
      codes: [...t.codes].sort(),
    });
    console.log(
      JSON.stringify({
        seed: SEED,
        inputs: INPUTS,
        http: summary(http),
        ws: summary(ws),
        slack: { ...summary(slackTally), posts: slackPosts.length, privateAnswers: slackPrivate },
        raw: { ...summary(raw), upgraded: rawUpgraded, closedUnanswered: rawClosed },
        texts: {
          ...summary(texts),
          medianMs: Math.round(medianOf(costly) * 10) / 10,
          slowestMs: Math.round(costly.slowest.ms),
          slowest: costly.slowest.label,
          slowestChannel: costly.slowest.channel,
          costliestCpuMs: Math.round(costly.costliest.ms * 10) / 10,
          costliest: costly.costliest.label,
          ordinary: {
            ...summary(ordinary.tally),
            medianMs: Math.round(medianOf(ordinary) * 10) / 10,
            slowestMs: Math.round(ordinary.slowest.ms),
            costliestCpuMs: Math.round(ordinary.costliest.ms * 10) / 10,
          },
          healthSlowestMs: Math.round(healthMs),
        },
        rowsWritten,
        crashes: alive ? 0 : 1,
        ...(crash ? { crash } : {}),
        errorLogLines: errorLogLines.length,
        goodMessageAnswered: goodAnswered,
        unknownCodes,
      }),
    );
  } finally {
    watch.stopping();
    await admin.end().catch(() => {});
    await service.stop();
    await slack.close();
  }
}

await withFreshDatabase((url) => run(url));

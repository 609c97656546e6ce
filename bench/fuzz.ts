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
//          after 3 s).
// Printed: inputs sent, answers by class, answers that break the rules (a 5xx, no answer, a body
// without a stable code, a frame answered by the bot), the distinct error codes, rows written
// (every table's count before and after), Slack calls that post, whether the process crashed;
// and at the end a good message on a fresh socket, which must still be answered.
// Env: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else local postgres), BENCH_FUZZ_INPUTS
// (10000), BENCH_FUZZ_SEED (a random one, printed).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import pg from 'pg';
import type { WebSocket } from 'ws';
import { openDatabase } from '../db/index.ts';
import { fuzzCredentials, FUZZ_OMBUDSMAN_TOKEN, FUZZ_SECRET } from '../test/fuzz/support.ts';
import {
  acceptedStatuses,
  answerProblem,
  frameProblem,
  httpInput,
  materialise,
  rowChanges,
  sendFrame,
  sendRaw,
  slackInput,
  SLACK_POSTING_METHODS,
  STABLE_ERROR_CODES,
  tableRowCounts,
  wsFrame,
  type SlackInput,
} from '../test/support/fuzz-inputs.ts';
import { signature } from '../test/slack/support.ts';
import { openSocket } from './lib/chat-load.ts';
import { freePort, startNodeChild, waitUntil } from './lib/child-process.ts';
import { withFreshDatabase } from './lib/database.ts';
import { printTable } from './lib/stats.ts';

const INPUTS = Number(process.env.BENCH_FUZZ_INPUTS ?? 10_000);
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
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

const tally = (): Tally => ({ sent: 0, '2xx': 0, '4xx': 0, '5xx': 0, other: 0, broken: 0, examples: [], codes: new Set() });

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
      const method = (req.url ?? '').startsWith('/api/') ? (req.url ?? '').slice(5).split('?')[0]! : `response_url${/ephemeral/.test(body) ? ' (ephemeral)' : ''}`;
      calls.push(method);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, channel: 'C0', ts: '1764300000.000001' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function postSlack(base: string, input: SlackInput) {
  const now = Math.floor(Date.now() / 1000);
  const timestamp = input.kind === 'stale' ? now - 6 * 60 : now;
  const headers: Record<string, string> = { 'content-type': input.contentType, 'x-slack-request-timestamp': String(timestamp) };
  if (input.kind === 'bad_signature') headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`;
  else if (input.kind !== 'unsigned') headers['x-slack-signature'] = signature(input.body, timestamp, SIGNING_SECRET);
  return sendRaw(base, { method: 'POST', path: '/slack/events', headers, body: Buffer.from(input.body, 'utf8') }, 15_000);
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
  const base = `http://127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await waitUntil(service, () => fetch(`${base}/readyz`).then((r) => r.ok, () => false), 'the service');
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
    const http = tally();
    const httpInputs = fc.sample(httpInput, { numRuns: INPUTS, seed: SEED });
    const httpStart = Date.now();
    await inParallel(httpInputs, 32, async (input) => {
      const answer = await sendRaw(base, materialise(input, credentials), 15_000);
      count(http, answer.status, answer.text, answerProblem(answer, acceptedStatuses(input)));
    });
    const httpMs = Date.now() - httpStart;

    // Websocket
    const ws = tally();
    const frames = fc.sample(wsFrame, { numRuns: INPUTS, seed: SEED + 1 });
    const ids = { ownUser: credentials.ownUser, otherUser: credentials.otherUser };
    const socketUrl = `${base.replace('http', 'ws')}/ws?token=${credentials.ownToken}`;
    const wsStart = Date.now();
    const lanes = 8;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        let socket: WebSocket | undefined;
        for (let i = lane; i < frames.length; i += lanes) {
          if (!socket || socket.readyState !== socket.OPEN) socket = await openSocket(socketUrl);
          const outcome = await sendFrame(socket, frames[i]!, ids, 5_000);
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

    // Slack
    const slackTally = tally();
    const payloads = fc.sample(slackInput({ tierChannels: [CS, INV], responseUrl: slack.url }), { numRuns: INPUTS, seed: SEED + 2 });
    const slackStart = Date.now();
    await inParallel(payloads, 400, async (input) => {
      const answer = await postSlack(base, input);
      const signed = input.kind !== 'unsigned' && input.kind !== 'bad_signature' && input.kind !== 'stale';
      const problem = answer.failure
        ? `no answer: ${answer.failure}`
        : !signed && answer.status !== 401
          ? `${input.kind}: ${answer.status}`
          : signed && answer.status >= 500
            ? `signed ${input.kind}: ${answer.status} ${answer.text.slice(0, 100)}`
            : undefined;
      count(slackTally, answer.status, answer.text, problem);
    });
    const slackMs = Date.now() - slackStart;
    // Handlers work after the acknowledgement: let them finish before counting rows and posts.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const after = await tableRowCounts((sql) => admin.query(sql));
    const written = rowChanges(before, after);
    const rowsWritten = Object.keys(after).reduce((sum, name) => sum + Math.abs((after[name] ?? 0) - (before[name] ?? 0)), 0);
    const slackPosts = slack.calls.slice(slackCallsBefore).filter((method) => SLACK_POSTING_METHODS.has(method) || method === 'response_url');
    const slackPrivate = slack.calls.length - slackCallsBefore - slackPosts.length;

    // After all of it: still alive, and a good message is answered.
    const alive = !service.hasExited() && (await fetch(`${base}/healthz`).then((r) => r.ok, () => false));
    let goodAnswered = false;
    if (alive) {
      const socket = await openSocket(socketUrl);
      const outcome = await sendFrame(socket, { binary: false, data: JSON.stringify({ type: 'message', text: 'Hej!' }) }, ids, 20_000);
      goodAnswered = outcome.kind === 'reply';
      socket.terminate();
    }
    const errorLogLines = service.stdout.filter((line) => /"level":"(error|fatal)"/.test(line) && !/"component":"slack"/.test(line));
    const unknownCodes = [...new Set([...http.codes, ...slackTally.codes, ...ws.codes])].filter((code) => !code.startsWith('close ') && !STABLE_ERROR_CODES.has(code) && code !== 'slack_signature_invalid');

    console.log(`bench:fuzz — ${INPUTS} inputs of each kind, seed ${SEED}, real service on PostgreSQL (${Math.round((Date.now() - started) / 1000)} s)`);
    console.log('');
    printTable(
      ['kind', 'sent', '2xx', '4xx / refused', '5xx', 'other', 'rule broken', 'inputs/s', 'distinct codes'],
      [
        ['http', http.sent, http['2xx'], http['4xx'], http['5xx'], http.other, http.broken, Math.round(http.sent / (httpMs / 1000)), [...http.codes].sort().join(' ')],
        ['websocket', ws.sent, 0, ws['4xx'], 0, ws.other, ws.broken, Math.round(ws.sent / (wsMs / 1000)), [...ws.codes].sort().join(' ')],
        ['slack', slackTally.sent, slackTally['2xx'], slackTally['4xx'], slackTally['5xx'], slackTally.other, slackTally.broken, Math.round(slackTally.sent / (slackMs / 1000)), [...slackTally.codes].sort().join(' ')],
      ],
    );
    console.log('');
    for (const [kind, t] of [['http', http], ['websocket', ws], ['slack', slackTally]] as const) {
      for (const example of t.examples) console.log(`${kind} rule broken: ${example}`);
    }
    console.log(`rows written: ${rowsWritten}${rowsWritten ? ` ${JSON.stringify(written)}` : ''}`);
    if (rowsWritten > 0) {
      const { rows } = await admin.query('SELECT c.channel, c.consumer_id, m.direction, left(m.text, 80) AS text FROM messages m JOIN conversations c ON c.id = m.conversation_id ORDER BY m.id DESC LIMIT 5');
      for (const row of rows) console.log(`  written: ${JSON.stringify(row)}`);
    }
    console.log(`Slack calls that post: ${slackPosts.length}${slackPosts.length ? ` (${[...new Set(slackPosts)].join(', ')})` : ''}; private answers to the clicking agent: ${slackPrivate}`);
    console.log(`crashed: ${!alive}; error log lines of the service: ${errorLogLines.length}; a good message afterwards answered: ${goodAnswered}`);
    for (const line of errorLogLines.slice(0, 3)) {
      const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string } };
      console.log(`  ${parsed.msg}: ${parsed.err?.message ?? ''}`.slice(0, 300));
    }
    console.log(`codes outside the stable set: ${unknownCodes.length ? unknownCodes.join(' ') : 'none'}`);
    const summary = (t: Tally) => ({ sent: t.sent, '2xx': t['2xx'], '4xx': t['4xx'], '5xx': t['5xx'], other: t.other, broken: t.broken, codes: [...t.codes].sort() });
    console.log(
      JSON.stringify({
        seed: SEED,
        inputs: INPUTS,
        http: summary(http),
        ws: summary(ws),
        slack: { ...summary(slackTally), posts: slackPosts.length, privateAnswers: slackPrivate },
        rowsWritten,
        crashes: alive ? 0 : 1,
        errorLogLines: errorLogLines.length,
        goodMessageAnswered: goodAnswered,
        unknownCodes,
      }),
    );
  } finally {
    await admin.end().catch(() => {});
    await service.stop();
    await slack.close();
  }
}

await withFreshDatabase((url) => run(url));

// Websocket consumers for the chat benchmark, the same for Ombud and for the Botkit peer: each
// sends its messages one after another and waits for the bot's answer to one before sending
// the next, as a person in a chat window does (without the typing pause: the harshest pacing).
//
// Reply latency is from sending a message to the first `message` frame of its answer (a
// `typing` frame does not count). A turn's answer is over when no further message frame has
// come for `quietMs` after the last one: a turn's bubbles are written together, so the quiet
// window only paces the next message and never enters a latency. A message with no message
// frame within `timeoutMs` is lost. For a bot that sends `typing` first (Ombud), a message frame
// that comes before the current turn's typing frame belongs to an earlier turn: it is counted
// as late, never as this turn's answer.
import { request, type IncomingHttpHeaders } from 'node:http';
import { WebSocket, type RawData } from 'ws';

export interface ChatTarget {
  /** Opens consumer `index`'s socket; `frame` turns a text into what the client sends. */
  connect(index: number): Promise<{ ws: WebSocket; frame(text: string): string }>;
  /** Whether the bot sends `{"type":"typing"}` before each turn's answer. */
  typing: boolean;
}

export interface TurnResult {
  /** Undefined when the message was lost. */
  latencyMs?: number;
  /** Message frames of this turn's answer. */
  replies: number;
  /** The error frame's code, when the turn ended on one (`endTurnOnError`). */
  error?: string;
}

export interface Tally {
  latencies: number[];
  lost: number;
  /** Error frames (rate limit, internal error): not an answer. */
  errors: number;
  /** Message frames that came after their turn was over. */
  late: number;
  replies: number;
  connectFailures: number;
}

export function emptyTally(): Tally {
  return { latencies: [], lost: 0, errors: 0, late: 0, replies: 0, connectFailures: 0 };
}

export interface PacingOptions {
  timeoutMs: number;
  quietMs: number;
  /** A pause of about this long (0.5x to 1.5x at random) before each message; 0 for none. */
  thinkMs?: number;
  /**
   * An error frame before any answer ends the turn at once (the caller may send again, as the
   * widget does); otherwise the turn waits for an answer until `timeoutMs`.
   */
  endTurnOnError?: boolean;
}

interface OpenTurn {
  sentAt: number;
  sawTyping: boolean;
  firstAt?: number;
  replies: number;
  error?: string;
  quiet?: NodeJS.Timeout;
  timeout: NodeJS.Timeout;
  finish(): void;
}

/** One consumer's open socket. */
export class ChatConsumer {
  private turn?: OpenTurn;

  constructor(
    private readonly ws: WebSocket,
    private readonly frame: (text: string) => string,
    private readonly typing: boolean,
    private readonly pacing: PacingOptions,
    private readonly tally: Tally,
  ) {
    ws.on('message', (data: RawData) => this.onFrame(data));
  }

  send(text: string): Promise<TurnResult> {
    return new Promise((resolve) => {
      const turn: OpenTurn = {
        sentAt: performance.now(),
        sawTyping: false,
        replies: 0,
        timeout: setTimeout(() => {
          this.tally.lost += 1;
          turn.finish();
        }, this.pacing.timeoutMs),
        finish: () => {
          clearTimeout(turn.timeout);
          clearTimeout(turn.quiet);
          if (this.turn === turn) this.turn = undefined;
          const latencyMs = turn.firstAt === undefined ? undefined : turn.firstAt - turn.sentAt;
          if (latencyMs !== undefined) this.tally.latencies.push(latencyMs);
          this.tally.replies += turn.replies;
          resolve({ latencyMs, replies: turn.replies, ...(turn.error === undefined ? {} : { error: turn.error }) });
        },
      };
      this.turn = turn;
      this.ws.send(this.frame(text));
    });
  }

  close(): void {
    this.ws.close();
  }

  private onFrame(data: RawData) {
    const at = performance.now();
    let frame: { type?: unknown; error?: { code?: unknown } };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    const turn = this.turn;
    if (frame.type === 'typing') {
      if (turn) turn.sawTyping = true;
      return;
    }
    if (frame.type === 'error') {
      this.tally.errors += 1;
      if (turn && this.pacing.endTurnOnError && turn.firstAt === undefined) {
        turn.error = String(frame.error?.code ?? 'error');
        turn.finish();
      }
      return;
    }
    if (frame.type !== 'message') return;
    if (!turn || (this.typing && !turn.sawTyping)) {
      this.tally.late += 1;
      return;
    }
    turn.replies += 1;
    if (turn.firstAt === undefined) {
      turn.firstAt = at;
      clearTimeout(turn.timeout);
    }
    clearTimeout(turn.quiet);
    turn.quiet = setTimeout(turn.finish, this.pacing.quietMs);
  }
}

export async function openConsumer(
  target: ChatTarget,
  index: number,
  pacing: PacingOptions,
  tally: Tally,
): Promise<ChatConsumer> {
  const { ws, frame } = await target.connect(index);
  return new ChatConsumer(ws, frame, target.typing, pacing, tally);
}

export interface LoadResult extends Tally {
  /** Wall time of the sending phase (all sockets already open). */
  seconds: number;
  messages: number;
  /** CPU ms this process (the load generator) spent in the sending phase. */
  clientCpuMs: number;
  /** Latencies by the message's place in its conversation (0 = first). */
  byPosition: number[][];
}

/**
 * Opens `sockets` consumers (at most `connectConcurrency` connecting at once), then lets all of
 * them talk at the same moment: consumer i sends `messagesOf(i)` one after another.
 */
export async function runConsumers(
  target: ChatTarget,
  options: {
    sockets: number;
    messagesOf(index: number): readonly string[];
    pacing: PacingOptions;
    connectConcurrency?: number;
    /** The first consumer's index (each index is its own consumer and source address). */
    firstIndex?: number;
  },
): Promise<LoadResult> {
  const first = options.firstIndex ?? 0;
  const tally = emptyTally();
  const consumers: (ChatConsumer | undefined)[] = new Array(options.sockets);
  let next = 0;
  await Promise.all(
    Array.from({ length: options.connectConcurrency ?? 20 }, async () => {
      for (let index = next++; index < options.sockets; index = next++) {
        try {
          consumers[index] = await openConsumer(target, first + index, options.pacing, tally);
        } catch {
          tally.connectFailures += 1;
        }
      }
    }),
  );
  let messages = 0;
  const byPosition: number[][] = [];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    consumers.map(async (consumer, index) => {
      const texts = options.messagesOf(index);
      messages += texts.length;
      if (!consumer) {
        tally.lost += texts.length;
        return;
      }
      for (const [position, text] of texts.entries()) {
        const think = options.pacing.thinkMs ?? 0;
        if (think > 0) await new Promise((resolve) => setTimeout(resolve, think * (0.5 + Math.random())));
        const { latencyMs } = await consumer.send(text);
        if (latencyMs !== undefined) (byPosition[position] ??= []).push(latencyMs);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpuMs = (cpu.user + cpu.system) / 1000;
  // Frames still on their way after the last turn would be late ones: give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const consumer of consumers) consumer?.close();
  return { ...tally, seconds, messages, clientCpuMs, byPosition };
}

/** A JSON request with node:http, from a chosen local address (each consumer has its own). */
export function requestJson<T>(
  url: string,
  options: { method?: string; localAddress?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        localAddress: options.localAddress,
        headers: {
          ...options.headers,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: (text ? JSON.parse(text) : undefined) as T,
              headers: res.headers,
            });
          } catch (error) {
            reject(
              new Error(`${url} answered ${res.statusCode} with something that is not JSON: ${text.slice(0, 200)}`, {
                cause: error,
              }),
            );
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Opens a websocket and waits until it is open (or refused). */
export function openSocket(url: string, localAddress?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress });
    const fail = (error: Error) => reject(error);
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`websocket ${url.replace(/token=[^&]+/, 'token=...')} refused: ${res.statusCode}`));
      res.resume();
    });
    ws.once('open', () => {
      ws.off('error', fail);
      ws.on('error', () => {}); // a reset at the end is not the benchmark's business
      resolve(ws);
    });
  });
}

/** Consumer i's own loopback address (127.0.x.y), as if each consumer were its own client. */
export function loopbackAddress(index: number): string {
  return `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

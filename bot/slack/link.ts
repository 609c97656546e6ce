// The desk's link to Slack, kept in the background. The service serves consumers whether Slack
// answers or not: the desk starts connecting when the service starts and never holds it up, and
// when Slack goes away later (the Web API refuses connections or answers 5xx, the socket closes)
// it is tried again, each wait twice the last up to a cap, drawn at random from its upper half so
// that replicas which lost Slack together do not knock again in step. While the link is down the
// card poster and the mirror leave Slack alone; what became due meanwhile goes out once it is back.
import { ErrorCode } from '@slack/web-api';
import type { Logger } from '../log.ts';

/**
 * `connecting`: not reached since the service started; `on`; `unreachable`: reached before,
 * lost since `since`.
 */
export type SlackLinkState = 'connecting' | 'on' | 'unreachable';

export interface SlackLinkStatus {
  state: SlackLinkState;
  since: Date;
  /** The latest failure, kept after the link is back (the App Home shows it). */
  lastError?: { reason: string; at: Date };
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 30_000 };

/** The wait after `failures` failures in a row: doubling from firstMs to maxMs, in its upper half at random. */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(failures, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Whether a failed Web API call says Slack is away (no connection, a 5xx), rather than refusing
 * this one call (an ok: false answer, a rate limit), which the caller deals with itself. The
 * error's code rather than its class: Bolt may bring its own copy of the Web API package.
 */
export function isSlackAway(error: unknown): boolean {
  const { code, statusCode } = (error ?? {}) as { code?: string; statusCode?: number };
  if (code === ErrorCode.RequestError) return true;
  return code === ErrorCode.HTTPError && (statusCode ?? 0) >= 500;
}

/** A failure in a few words for the start line, the App Home and the logs: never a payload. */
export function shortReason(error: unknown): string {
  const e = (error ?? {}) as {
    code?: string;
    statusCode?: number;
    data?: { error?: string };
    original?: { cause?: { code?: string }; code?: string; message?: string };
    message?: string;
  };
  if (e.code === ErrorCode.RequestError)
    return e.original?.cause?.code ?? e.original?.code ?? e.original?.message?.slice(0, 80) ?? 'no connection';
  if (e.code === ErrorCode.HTTPError) return `HTTP ${e.statusCode}`;
  if (e.code === ErrorCode.PlatformError) return e.data?.error ?? 'refused';
  return (e.message ?? String(error)).slice(0, 80);
}

export interface SlackLinkOptions {
  /** One attempt to reach Slack (auth.test; in socket mode the socket too). */
  connect: () => Promise<void>;
  backoff?: Backoff;
  random?: () => number;
  now?: () => Date;
  log?: Logger;
}

export interface SlackLink {
  status(): SlackLinkStatus;
  isOn(): boolean;
  /**
   * A call to Slack failed: when the failure says Slack is away, the link goes down and is tried
   * again with backoff; true then, false when the failure was about the call alone.
   */
  lost(error: unknown): boolean;
  /** The link is gone whatever the error (the socket closed): tried again with backoff. */
  down(error: unknown): void;
  /** Starts connecting (once what the connection serves is ready to be used). */
  start(): void;
  /** Resolves once the current attempt (if any) has ended; no attempt starts after. */
  stop(): Promise<void>;
}

export function createSlackLink(options: SlackLinkOptions): SlackLink {
  const now = options.now ?? (() => new Date());
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const log = options.log?.child({ component: 'slack-link' });
  let status: SlackLinkStatus = { state: 'connecting', since: now() };
  let failures = 0;
  let onSince = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  let attempts: Promise<void> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wake = undefined));

  function failed(error: unknown): number {
    status = { ...status, lastError: { reason: shortReason(error), at: now() } };
    return backoffDelay(failures++, backoff, options.random);
  }

  function reconnect(waitMs: number): void {
    attempts ??= (async () => {
      for (let wait = waitMs; !stopped; ) {
        if (wait > 0) await sleep(wait);
        if (stopped) return;
        try {
          await options.connect();
        } catch (error) {
          wait = failed(error);
          log?.warn(
            { reason: status.lastError?.reason, retryInMs: wait, state: status.state },
            'slack is not reachable; trying again',
          );
          continue;
        }
        if (stopped) return;
        status = { ...status, state: 'on', since: now() };
        onSince = Date.now();
        log?.info('slack agent desk connected');
        return;
      }
    })().finally(() => (attempts = undefined));
  }

  function down(error: unknown): void {
    if (stopped || status.state !== 'on') return; // an attempt is under way already
    // A link that fell again soon after it came back keeps its backoff: Slack answering auth.test
    // while refusing the posts would otherwise be tried again every second.
    if (Date.now() - onSince > backoff.maxMs) failures = 0;
    const wait = failed(error);
    status = { ...status, state: 'unreachable', since: now() };
    log?.warn({ reason: status.lastError?.reason, retryInMs: wait }, 'lost slack; trying again');
    reconnect(wait);
  }

  return {
    start: () => reconnect(0),
    status: () => status,
    isOn: () => status.state === 'on',
    lost(error) {
      if (!isSlackAway(error)) return false;
      down(error);
      return true;
    },
    down,
    async stop() {
      stopped = true;
      wake?.();
      await attempts;
    },
  };
}

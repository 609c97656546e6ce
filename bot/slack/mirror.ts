// The consumer's messages, mirrored into their case card's thread as they arrive, masked, so the
// agent reads the conversation where they answer it. Every replica scans (a cheap read by message
// id, twice a second); a replica claims a message in the database before posting it, so each is
// posted once however many replicas run, and one that died mid-post lets its claim lapse.
// Only messages written after the card was posted come here: older ones are in the card's
// transcript. While Slack is away (bot/slack/link.ts) the mirror waits and its window stays, so
// what the consumers wrote meanwhile goes into the threads once Slack is back.
import type { WebClient } from '@slack/web-api';
import {
  claimMirror,
  consumerMessagesToMirror,
  MIRROR_CLAIM_LEASE_SECONDS,
  mirrorPosted,
  newestMessageId,
  renewMirrorClaim,
  unclaimMirror,
  type Db,
  type MessageToMirror,
} from '../../db/index.ts';
import type { Logger } from '../log.ts';
import { safeText } from './cards.ts';
import type { SlackLink } from './link.ts';

export interface ConsumerMirrorOptions {
  client: WebClient;
  db: Db;
  intervalMs?: number;
  /** How often a claim is renewed while its post waits on Slack (default a third of the lease). */
  claimRenewalMs?: number;
  now?: () => Date;
  log?: Logger;
  /** Whether Slack is there, and where failures that say it is not are reported. */
  link?: Pick<SlackLink, 'isOn' | 'lost'>;
}

export interface ConsumerMirror {
  /** One scan now (tests; the timer runs them otherwise). */
  scan(): Promise<void>;
  stop(): Promise<void>;
}

const SCAN_LIMIT = 200;
/** Ids are taken before commit, and a message is tied to its case when its turn ends: look back. */
const LOOKBACK_MESSAGES = 500;
/** At start: what arrived while this replica was down (claims keep it from being posted twice). */
const STARTUP_LOOKBACK_MESSAGES = 1_000;

export function mirrorText(redactedText: string): string {
  return `:speech_balloon: _consumer:_ ${safeText(redactedText).slice(0, 3_000)}`;
}

export async function startConsumerMirror(options: ConsumerMirrorOptions): Promise<ConsumerMirror> {
  const now = options.now ?? (() => new Date());
  let cursor = Math.max(0, (await newestMessageId(options.db)) - STARTUP_LOOKBACK_MESSAGES);
  let running: Promise<void> | undefined;
  const slackIsOn = () => options.link?.isOn() ?? true;
  /** Set when a post found Slack away: the scan's window then stays for the next round. */
  let leftBehind = false;

  async function scanOnce(): Promise<void> {
    if (!slackIsOn()) return;
    const upTo = await newestMessageId(options.db);
    const batch = await consumerMessagesToMirror(options.db, { afterId: cursor, now: now(), limit: SCAN_LIMIT });
    leftBehind = false;
    // In id order within a thread, one at a time: the thread shows them in the order the consumer
    // wrote them. Threads go side by side, so a post that Slack keeps failing (and the client keeps
    // retrying, seconds each time) holds back its own thread only (bench:faults: 30 threads one
    // after another took 40 s to mirror with a fifth of Slack's answers 429 or 500).
    const threads = new Map<string, MessageToMirror[]>();
    for (const message of batch) {
      const key = `${message.channelId}:${message.threadTs}`;
      const thread = threads.get(key);
      if (thread) thread.push(message);
      else threads.set(key, [message]);
    }
    await Promise.all(
      [...threads.values()].map(async (messages) => {
        for (const message of messages) {
          if (!slackIsOn()) {
            leftBehind = true;
            return;
          }
          await mirrorOne(message);
        }
      }),
    );
    if (batch.length < SCAN_LIMIT && !leftBehind) cursor = Math.max(cursor, upTo - LOOKBACK_MESSAGES);
  }

  async function mirrorOne(message: MessageToMirror): Promise<void> {
    if (!(await claimMirror(options.db, message, now()))) return;
    // Slack's client may wait and retry (429, 5xx) for longer than the lease: renew the claim
    // meanwhile, or another replica takes it for lapsed and posts the message a second time.
    const renewal = setInterval(
      () => {
        renewMirrorClaim(options.db, message.messageId, now()).catch(() => {});
      },
      options.claimRenewalMs ?? (MIRROR_CLAIM_LEASE_SECONDS * 1000) / 3,
    );
    renewal.unref();
    try {
      const posted = await options.client.chat.postMessage({
        channel: message.channelId,
        thread_ts: message.threadTs,
        text: mirrorText(message.redactedText),
        unfurl_links: false,
      });
      await mirrorPosted(options.db, message.messageId, posted.ts ?? '');
    } catch (error) {
      clearInterval(renewal);
      await unclaimMirror(options.db, message.messageId).catch(() => {});
      if (options.link?.lost(error)) leftBehind = true;
      options.log?.warn(
        { err: error, messageId: message.messageId, ref: message.caseRef },
        'consumer message not mirrored to slack; retrying',
      );
    } finally {
      clearInterval(renewal);
    }
  }

  function scan(): Promise<void> {
    running ??= scanOnce()
      .catch((error: unknown) => options.log?.warn({ err: error }, 'slack mirror scan failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const timer = setInterval(() => void scan(), options.intervalMs ?? 500);
  timer.unref();

  return {
    scan,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

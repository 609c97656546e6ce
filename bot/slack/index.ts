// The agent desk in Slack, as one piece the service starts when SLACK_BOT_TOKEN and
// SLACK_SIGNING_SECRET are set: the Bolt app (mounted on the service's express app), the card
// buttons and modals, thread replies and notes, App Home and /cases, the card poster that follows
// the case signal (with its catch-up scan), and the mirror of consumer messages into the cards'
// threads. One channel per tier; an agent acts for the tier whose channel they work in.
//
// Starting the desk never waits on Slack: it needs the database only. Slack is reached in the
// background (bot/slack/link.ts) and again after every outage; until the bot's ids are known
// (from config, or auth.test) Bolt cannot take an event, and /slack/events asks Slack to deliver
// it again later.
import type { App } from '@slack/bolt';
import { WebClient, type RetryOptions, type WebClientOptions } from '@slack/web-api';
import type { Express } from 'express';
import type { CaseSignal, Db } from '../../db/index.ts';
import type { Policy, Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { registerCaseActions } from './actions.ts';
import { boltLogger, createSlackApp, isSocketMode, mountSlack, onSocketClosed } from './app.ts';
import { startCardPoster, type CardPoster } from './card-poster.ts';
import { loadCardDetails } from './details.ts';
import { registerEvidenceLinks } from './evidence-links.ts';
import { createSlackLink, type Backoff, type SlackLinkStatus } from './link.ts';
import { dossierUrl } from '../ombudsman/index.ts';
import { registerComplaintDesk } from './complaint-modal.ts';
import { registerCaseModals } from './modals.ts';
import { forgetSlackEvents, sqlCardStore, withTimeout } from '../../db/index.ts';
import { startConsumerMirror, type ConsumerMirror } from './mirror.ts';
import { registerQueueViews } from './queues.ts';
import { registerThreadReplies, type ThreadReplies } from './threads.ts';

export { createSlackApp, isSocketMode, mountSlack, SLACK_EVENTS_PATH } from './app.ts';
export { renderCard, availableActions, CARD_ACTIONS } from './cards.ts';
export { describeLink } from './queues.ts';
export type { SlackLinkState, SlackLinkStatus } from './link.ts';

/**
 * A call to Slack gives up after a few tries within about ten seconds, and the desk takes it up
 * again from the database once Slack answers: the client's default (ten tries over half an hour)
 * held a card, and every catch-up behind it, for as long, and hid the outage from the link.
 */
const DESK_RETRIES: RetryOptions = { retries: 3, factor: 2, minTimeout: 1_000, maxTimeout: 5_000, randomize: true };
const CALL_TIMEOUT_MS = 20_000;
/** One attempt to reach Slack (auth.test, opening the socket) gives up after this long. */
const ATTEMPT_TIMEOUT_MS = 5_000;

export interface SlackDeskOptions {
  /** For HTTP requests at /slack/events; not needed in socket mode. */
  signingSecret?: string;
  /** App-level token (xapp-...): socket mode, no public URL needed. */
  appToken?: string;
  botToken: string;
  /** The bot's ids; asked of Slack (auth.test) when not given. */
  botId?: string;
  botUserId?: string;
  clientOptions?: WebClientOptions;
  db: Db;
  signal: CaseSignal;
  policy?: Policy;
  /** The channel id of each tier worked in Slack. */
  tierChannels: Partial<Record<Tier, string>>;
  /** The service's public address: ombudsman-tier cards link to the case's dossier there. */
  publicUrl?: string;
  /** A signed link to an evidence file (bot/evidence/links.ts); without it the card's "Open files" says so. */
  evidenceLink?: (id: string, now: Date) => string;
  log: Logger;
  /** Catch-up scan of the card poster (ms; 0 = off) and the consumer-message mirror's interval. */
  catchUpMs?: number;
  mirrorIntervalMs?: number;
  /** How often thread messages left unfinished by a replica that died are looked for (ms). */
  threadRecoveryMs?: number;
  /** The waits between attempts to reach Slack. */
  backoff?: Backoff;
}

export interface SlackDesk {
  poster: CardPoster;
  mirror: ConsumerMirror;
  /** The link to Slack: connecting, on, or unreachable since when, and the last failure. */
  status(): SlackLinkStatus;
  /** Mount before any body parser of the express app (the signature covers the raw body). */
  mount(express: Express): void;
  stop(): Promise<void>;
}

export async function startSlackDesk(options: SlackDeskOptions): Promise<SlackDesk> {
  const clientOptions: WebClientOptions = {
    retryConfig: DESK_RETRIES,
    timeout: CALL_TIMEOUT_MS,
    logger: boltLogger(options.log),
    ...options.clientOptions,
  };
  const client = new WebClient(options.botToken, clientOptions);
  // The link's own attempts are one request each: it waits between them itself.
  const probe = new WebClient(options.botToken, {
    ...clientOptions,
    retryConfig: { retries: 0 },
    timeout: ATTEMPT_TIMEOUT_MS,
  });
  const context = { db: options.db, signal: options.signal, ...(options.policy ? { policy: options.policy } : {}) };
  const channelTiers: Record<string, Tier> = {};
  for (const [tier, channel] of Object.entries(options.tierChannels)) if (channel) channelTiers[channel] = tier as Tier;
  const store = sqlCardStore(options.db);
  const details = async (stored: Parameters<typeof loadCardDetails>[1]) => {
    const loaded = await loadCardDetails(options.db, stored);
    return options.publicUrl && stored.case.tier === 'ombudsman'
      ? { ...loaded, dossierUrl: dossierUrl(options.publicUrl, stored.case.ref) }
      : loaded;
  };

  let app: App | undefined;
  let threads: ThreadReplies | undefined;
  let stopping = false;

  const link = createSlackLink({
    async connect() {
      const who = await probe.auth.test();
      if (!app) {
        if (!who.bot_id || !who.user_id)
          throw new Error('auth.test did not name the bot: is SLACK_BOT_TOKEN a bot token?');
        app = build(who.bot_id, who.user_id);
      }
      if (isSocketMode(app) && !stopping) await openSocket(app);
    },
    ...(options.backoff ? { backoff: options.backoff } : {}),
    log: options.log,
  });
  const poster = await startCardPoster({
    client,
    db: options.db,
    store,
    details,
    tierChannels: options.tierChannels,
    log: options.log,
    link,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.catchUpMs !== undefined ? { catchUpMs: options.catchUpMs } : {}),
  });
  const mirror = await startConsumerMirror({
    client,
    db: options.db,
    log: options.log,
    link,
    ...(options.mirrorIntervalMs !== undefined ? { intervalMs: options.mirrorIntervalMs } : {}),
  });

  function build(botId: string, botUserId: string): App {
    const made = createSlackApp({
      ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
      ...(options.appToken ? { appToken: options.appToken } : {}),
      botToken: options.botToken,
      botId,
      botUserId,
      log: options.log,
      clientOptions,
    });
    // Handlers show their changes through the poster, so a change is written to a card once.
    const cards = poster;
    registerCaseActions(made, { context, channelTiers, details, cards, log: options.log });
    registerCaseModals(made, {
      context,
      channelTiers,
      details,
      cards,
      log: options.log,
      ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
    });
    threads = registerThreadReplies(made, { context, channelTiers, store, details, cards, log: options.log });
    registerEvidenceLinks(made, {
      db: options.db,
      channelTiers,
      ...(options.evidenceLink ? { evidenceLink: options.evidenceLink } : {}),
      log: options.log,
    });
    registerQueueViews(made, { context, channelTiers, log: options.log, link: () => link.status() });
    registerComplaintDesk(made, { context, channelTiers, log: options.log });
    onSocketClosed(made, () => link.down(new Error('the socket to Slack closed')));
    return made;
  }

  async function openSocket(made: App): Promise<void> {
    try {
      await withTimeout(made.start(), ATTEMPT_TIMEOUT_MS, 'opening the socket to Slack');
    } catch (error) {
      await made.stop().catch(() => {});
      throw error;
    }
  }

  // Given the bot's ids, Bolt takes events at once, whether or not Slack answers us yet.
  if (options.botId && options.botUserId) app = build(options.botId, options.botUserId);
  link.start();

  // Slack stops retrying an event within the hour: older event ids are forgotten now and then.
  const forget = setInterval(() => {
    forgetSlackEvents(options.db, new Date(Date.now() - 2 * 3_600_000)).catch((error: unknown) =>
      options.log.warn({ err: error }, 'forgetting old slack events failed'),
    );
  }, 10 * 60_000);
  forget.unref();
  // Thread messages acknowledged to Slack whose replica died before storing them: on start, then
  // every few seconds (an indexed read of the unfinished ones, usually none).
  let recovering: Promise<void> | undefined;
  const recoverThreads = () => {
    if (!threads) return;
    recovering ??= threads
      .recover()
      .catch((error: unknown) => options.log.warn({ err: error }, 'recovering slack thread messages failed'))
      .finally(() => (recovering = undefined));
  };
  recoverThreads();
  const recovery = setInterval(recoverThreads, options.threadRecoveryMs ?? 10_000);
  recovery.unref();

  return {
    poster,
    mirror,
    status: () => link.status(),
    mount(express) {
      if (!options.appToken) mountSlack(express, () => app);
    },
    async stop() {
      stopping = true;
      clearInterval(forget);
      clearInterval(recovery);
      await link.stop();
      if (app && isSocketMode(app)) await app.stop();
      await recovering;
      await mirror.stop();
      await poster.stop();
    },
  };
}

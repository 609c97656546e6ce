// The agent desk in Slack, as one piece the service starts when SLACK_BOT_TOKEN and
// SLACK_SIGNING_SECRET are set: the Bolt app (mounted on the service's express app), the card
// buttons and modals, thread replies and notes, App Home and /cases, the card poster that follows
// the case signal (with its catch-up scan), and the mirror of consumer messages into the cards'
// threads. One channel per tier; an agent acts for the tier whose channel they work in.
import type { App } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Express } from 'express';
import type { CaseSignal, Db } from '../../db/index.ts';
import type { Policy, Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { registerCaseActions } from './actions.ts';
import { createSlackApp, isSocketMode, mountSlack } from './app.ts';
import { startCardPoster, type CardPoster } from './card-poster.ts';
import { loadCardDetails } from './details.ts';
import { dossierUrl } from '../ombudsman/index.ts';
import { registerCaseModals } from './modals.ts';
import { forgetSlackEvents, sqlCardStore } from '../../db/index.ts';
import { startConsumerMirror, type ConsumerMirror } from './mirror.ts';
import { registerQueueViews } from './queues.ts';
import { registerThreadReplies } from './threads.ts';

export { createSlackApp, isSocketMode, mountSlack, SLACK_EVENTS_PATH } from './app.ts';
export { renderCard, availableActions, CARD_ACTIONS } from './cards.ts';

export interface SlackDeskOptions {
  /** For HTTP requests at /slack/events; not needed in socket mode. */
  signingSecret?: string;
  /** App-level token (xapp-...): socket mode, no public URL needed. */
  appToken?: string;
  botToken: string;
  /** The bot's ids; asked of Slack once (auth.test) when not given. */
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
  log: Logger;
  /** Catch-up scan of the card poster (ms; 0 = off) and the consumer-message mirror's interval. */
  catchUpMs?: number;
  mirrorIntervalMs?: number;
  /** How often thread messages left unfinished by a replica that died are looked for (ms). */
  threadRecoveryMs?: number;
}

export interface SlackDesk {
  app: App;
  poster: CardPoster;
  mirror: ConsumerMirror;
  /** Mount before any body parser of the express app (the signature covers the raw body). */
  mount(express: Express): void;
  stop(): Promise<void>;
}

export async function startSlackDesk(options: SlackDeskOptions): Promise<SlackDesk> {
  let { botId, botUserId } = options;
  if (!botId || !botUserId) {
    const who = await new WebClient(options.botToken, options.clientOptions).auth.test();
    if (!who.bot_id || !who.user_id) throw new Error('auth.test did not name the bot: is SLACK_BOT_TOKEN a bot token?');
    botId = who.bot_id;
    botUserId = who.user_id;
  }
  const app = createSlackApp({
    ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
    ...(options.appToken ? { appToken: options.appToken } : {}),
    botToken: options.botToken,
    botId,
    botUserId,
    log: options.log,
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
  });
  const context = { db: options.db, signal: options.signal, ...(options.policy ? { policy: options.policy } : {}) };
  const channelTiers: Record<string, Tier> = {};
  for (const [tier, channel] of Object.entries(options.tierChannels)) if (channel) channelTiers[channel] = tier as Tier;
  const store = sqlCardStore(options.db);
  const details = async (stored: Parameters<typeof loadCardDetails>[1]) => {
    const loaded = await loadCardDetails(options.db, stored);
    return options.publicUrl && stored.case.tier === 'ombudsman' ? { ...loaded, dossierUrl: dossierUrl(options.publicUrl, stored.case.ref) } : loaded;
  };

  const poster = await startCardPoster({
    client: app.client,
    db: options.db,
    store,
    details,
    tierChannels: options.tierChannels,
    log: options.log,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.catchUpMs !== undefined ? { catchUpMs: options.catchUpMs } : {}),
  });
  // Handlers show their changes through the poster, so a change is written to a card once.
  const cards = poster;
  registerCaseActions(app, { context, channelTiers, details, cards, log: options.log });
  registerCaseModals(app, {
    context,
    channelTiers,
    details,
    cards,
    log: options.log,
  });
  const threads = registerThreadReplies(app, { context, channelTiers, store, details, cards, log: options.log });
  registerQueueViews(app, { context, channelTiers, log: options.log });
  const mirror = await startConsumerMirror({
    client: app.client,
    db: options.db,
    log: options.log,
    ...(options.mirrorIntervalMs !== undefined ? { intervalMs: options.mirrorIntervalMs } : {}),
  });
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
    recovering ??= threads
      .recover()
      .catch((error: unknown) => options.log.warn({ err: error }, 'recovering slack thread messages failed'))
      .finally(() => (recovering = undefined));
  };
  recoverThreads();
  const recovery = setInterval(recoverThreads, options.threadRecoveryMs ?? 10_000);
  recovery.unref();
  // Socket mode: connect now (the handlers are registered, the poster is listening).
  if (isSocketMode(app)) await app.start();

  return {
    app,
    poster,
    mirror,
    mount: (express) => mountSlack(express, app),
    async stop() {
      clearInterval(forget);
      clearInterval(recovery);
      await recovering;
      if (isSocketMode(app)) await app.stop();
      await mirror.stop();
      await poster.stop();
    },
  };
}

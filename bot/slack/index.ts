// The agent desk in Slack, as one piece the service starts when SLACK_BOT_TOKEN and
// SLACK_SIGNING_SECRET are set: the Bolt app (mounted on the service's express app), the card
// buttons and modals, thread replies, App Home and /cases, and the card poster that follows the
// case signal. One channel per tier; an agent acts for the tier whose channel they work in.
import type { App } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Express } from 'express';
import type { CaseSignal, Db } from '../../db/index.ts';
import type { Policy, Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { registerCaseActions } from './actions.ts';
import { createSlackApp, mountSlack } from './app.ts';
import { startCardPoster, type CardPoster } from './card-poster.ts';
import { loadCardDetails } from './details.ts';
import { registerCaseModals } from './modals.ts';
import { sqlCardStore } from '../../db/index.ts';
import { registerQueueViews } from './queues.ts';
import { registerThreadReplies } from './threads.ts';

export { createSlackApp, mountSlack, SLACK_EVENTS_PATH } from './app.ts';
export { renderCard, availableActions, CARD_ACTIONS } from './cards.ts';

export interface SlackDeskOptions {
  signingSecret: string;
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
  log: Logger;
}

export interface SlackDesk {
  app: App;
  poster: CardPoster;
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
    signingSecret: options.signingSecret,
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
  const details = (stored: Parameters<typeof loadCardDetails>[1]) => loadCardDetails(options.db, stored);

  registerCaseActions(app, { context, channelTiers, details, log: options.log });
  registerCaseModals(app, { context, channelTiers, details, log: options.log });
  registerThreadReplies(app, { context, channelTiers, store, log: options.log });
  registerQueueViews(app, { context, channelTiers, log: options.log });
  const poster = await startCardPoster({
    client: app.client,
    db: options.db,
    store,
    details,
    tierChannels: options.tierChannels,
    log: options.log,
    ...(options.policy ? { policy: options.policy } : {}),
  });

  return {
    app,
    poster,
    mount: (express) => mountSlack(express, app),
    stop: () => poster.stop(),
  };
}

// Queue depth and oldest wait per tier: the App Home tab and the /cases slash command.
// `/cases next`, typed in a tier's channel, gives the typing agent the next case of that tier
// (the agent acts only for the tier whose channel they work in). The App Home also says how the
// serving replica's link to Slack is, and when it last failed: after an outage, agents see that
// cards and messages may have come late.
import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { pickNextCase, queueViews, type DecisionContext, type QueueView } from '../../db/index.ts';
import { TIERS, type Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { formatWait, safeText } from './cards.ts';
import type { SlackLinkStatus } from './link.ts';

const TIER_NAMES: Record<Tier, string> = {
  customer_service: 'Customer service',
  investigation: 'Investigation',
  specialist: 'Specialist team',
  ombudsman: 'Ombudsman',
};

const minute = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The link's state in one line, e.g. "on since 2026-12-03 10:02 UTC (last failure 09:58 UTC: ECONNREFUSED)". */
export function describeLink(status: SlackLinkStatus): string {
  const failure = status.lastError ? `last failure ${minute(status.lastError.at)}: ${status.lastError.reason}` : '';
  if (status.state === 'connecting') return `connecting in the background${failure ? ` (${failure})` : ''}`;
  return `${status.state === 'on' ? 'on' : 'unreachable'} since ${minute(status.since)}${failure ? ` (${failure})` : ''}`;
}

export function renderQueues(views: readonly QueueView[], link?: SlackLinkStatus): KnownBlock[] {
  const lines = views.map((view) => {
    const late =
      view.breached > 0
        ? `, :rotating_light: ${view.breached} breached`
        : view.nearBreach > 0
          ? `, :warning: ${view.nearBreach} near breach`
          : '';
    const oldest = view.depth > 0 ? `, oldest waiting ${formatWait(view.oldestWaitSeconds * 1000)}` : '';
    return `*${TIER_NAMES[view.tier]}*: ${view.depth} queued${oldest}${late}; ${view.assigned} with agents, ${view.awaiting} awaiting an answer`;
  });
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Case queues' } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: "Type `/cases next` in a tier's channel to take its next case." }],
    },
    ...(link
      ? [
          {
            type: 'context' as const,
            elements: [{ type: 'plain_text' as const, text: `This server's link to Slack: ${describeLink(link)}.` }],
          },
        ]
      : []),
  ];
}

export interface QueueCommandOptions {
  context: DecisionContext;
  channelTiers: Readonly<Record<string, Tier>>;
  now?: () => Date;
  log?: Logger;
  /** The desk's link to Slack, shown in the App Home. */
  link?: () => SlackLinkStatus;
}

export function registerQueueViews(app: App, options: QueueCommandOptions): void {
  const now = options.now ?? (() => new Date());

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const blocks = renderQueues(await queueViews(options.context, now()), options.link?.());
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
  });

  app.command('/cases', async ({ command, ack, respond }) => {
    const words = command.text.trim().split(/\s+/).filter(Boolean);
    if (words[0] !== 'next') {
      // The queues are read fast enough to answer inside the acknowledgement.
      await ack({
        response_type: 'ephemeral',
        blocks: renderQueues(await queueViews(options.context, now())),
        text: 'Case queues',
      });
      return;
    }
    await ack();
    const tier = options.channelTiers[command.channel_id];
    const asked = words[1];
    if (!tier || (asked !== undefined && asked !== tier)) {
      const channels = TIERS.filter((t) => Object.values(options.channelTiers).includes(t)).map((t) => TIER_NAMES[t]);
      await respond({
        response_type: 'ephemeral',
        text: `Take the next case in the tier's own channel (${channels.join(', ')}).`,
      });
      return;
    }
    const picked = await pickNextCase(options.context, tier, command.user_id, now());
    if (!picked.ok) {
      await respond({ response_type: 'ephemeral', text: safeText(picked.error.message) });
      return;
    }
    await respond({
      response_type: 'ephemeral',
      text: `Case ${safeText(picked.stored.case.ref)} is yours now (${picked.stored.case.intent.replace(/_/g, ' ')}).`,
    });
  });
}

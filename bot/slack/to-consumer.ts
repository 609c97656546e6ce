// A person's message to the consumer from the desk that is not a plain reply (the question of
// Ask for info): stored in the consumer's conversation after routing accepted the command, then
// signalled so that whichever replica holds the consumer's socket delivers it (bot/web/relay.ts).
// The same steps as bot/dialog/agent-reply.ts, without its `reply` command: the case already
// changed through its own command, and one change is one card update.
//
// Whatever an agent or the ombudsman types in Slack for a consumer goes through `consumerText`
// first: the consumer's conversation keeps the plain text they were shown (their chat, their
// history, the app's webhook and the dossier all read that one copy); the text as typed stays in
// Slack, and a decision's reasoning or a final statement stays on the case as typed.
import type { WebClient } from '@slack/web-api';
import { redact } from '../../intents/redact.ts';
import {
  latestConversation,
  openConversation,
  storeOutboundInOrder,
  type Db,
  type StoredCase,
  type StoredMessage,
} from '../../db/index.ts';
import type { Tier } from '../../routing/index.ts';
import { mentionedUsers, slackToPlainText } from './plain-text.ts';

export async function sendToConsumer(
  db: Db,
  input: { stored: StoredCase; agent: { id: string; tier: Tier }; text: string; now: Date },
): Promise<StoredMessage> {
  const kase = input.stored.case;
  const conversationId =
    kase.conversationId ??
    (await latestConversation(db, kase.consumerId, 'web')) ??
    (await latestConversation(db, kase.consumerId, 'app')) ??
    (await openConversation(db, {
      consumerId: kase.consumerId,
      channel: 'web',
      language: kase.language,
      at: input.now,
    }));
  // Stored and signalled in one transaction, one reply at a time per conversation: replies
  // written at once reach the consumer in the history's order.
  const message = await storeOutboundInOrder(db, {
    conversationId,
    caseId: input.stored.id,
    author: `${input.agent.tier === 'ombudsman' ? 'ombudsman' : 'agent'}:${input.agent.id}`,
    text: input.text,
    redactedText: redact(input.text),
    at: input.now,
  });
  return message;
}

/** A name is asked of Slack once an hour; a user Slack could not name, once a minute. */
const NAME_KEPT_MS = 3_600_000;
const UNKNOWN_KEPT_MS = 60_000;
/** The message waits at most this long for names: without one, the mention is left out. */
const NAME_WAIT_MS = 1_000;

const namesByClient = new WeakMap<WebClient, Map<string, { name: Promise<string | undefined>; until: number }>>();

/** An agent's Slack text as the consumer reads it (plain-text.ts), with mentioned people by their Slack display names. */
export async function consumerText(client: WebClient, text: string): Promise<string> {
  const ids = mentionedUsers(text);
  const names = new Map(await Promise.all(ids.map(async (id) => [id, await displayName(client, id)] as const)));
  return slackToPlainText(text, { user: (id) => names.get(id) });
}

function displayName(client: WebClient, id: string): Promise<string | undefined> {
  let cache = namesByClient.get(client);
  if (!cache) namesByClient.set(client, (cache = new Map()));
  const now = Date.now();
  const cached = cache.get(id);
  if (cached && cached.until > now) return cached.name;
  const entry = { name: lookUp(client, id), until: now + NAME_KEPT_MS };
  cache.set(id, entry);
  void entry.name.then((name) => {
    if (name === undefined) entry.until = Date.now() + UNKNOWN_KEPT_MS;
  });
  return entry.name;
}

async function lookUp(client: WebClient, id: string): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), NAME_WAIT_MS);
  });
  try {
    const answer = await Promise.race([client.users.info({ user: id }), late]);
    const profile = answer?.user?.profile;
    return (profile?.display_name || profile?.real_name || answer?.user?.real_name || undefined)?.trim() || undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

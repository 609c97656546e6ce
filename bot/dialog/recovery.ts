// After a crash between storing a consumer's message and answering it, the message is still
// unanswered in the database (`handled_at` NULL). Every replica looks for such messages a little
// after they were stored, claims one at a time, and answers it as if it had just arrived; the
// answer reaches an open socket, and the history in any case.
import { claimUnanswered } from '../../db/index.ts';
import type { Logger } from '../log.ts';
import { answerStoredMessage, type BotReply, type DialogDeps } from './dialog.ts';

export interface RecoveryOptions {
  /** A message younger than this may still be being answered by a live replica. */
  graceMs?: number;
  intervalMs?: number;
  deliver(consumerId: string, replies: BotReply[]): void;
  log: Logger;
  now?: () => Date;
}

export async function answerUnanswered(deps: DialogDeps, options: RecoveryOptions): Promise<number> {
  const now = options.now ?? (() => new Date());
  let answered = 0;
  for (;;) {
    const at = now();
    const message = await claimUnanswered(deps.db, at, new Date(at.getTime() - (options.graceMs ?? 30_000)), 60_000);
    if (!message) return answered;
    const replies = await answerStoredMessage(deps, {
      consumerId: message.consumerId,
      channel: message.channel,
      text: message.text,
      conversationId: message.conversationId,
      messageId: message.id,
      now: at,
    });
    options.deliver(message.consumerId, replies);
    options.log.info({ messageId: message.id, replies: replies.length }, 'answered a message left unanswered');
    answered += 1;
  }
}

export function startRecovery(deps: DialogDeps, options: RecoveryOptions): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = answerUnanswered(deps, options)
      .catch((error: Error) => options.log.warn({ err: error }, 'recovery of unanswered messages failed; retrying'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 10_000);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

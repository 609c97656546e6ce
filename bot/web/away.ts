// Told when away (issue 18, docs/outcomes.md): a message for a consumer with no open chat socket
// on any replica (an agent's or the ombudsman's reply, an outcome notice) is also sent by e-mail
// to the case's contact address, and/or as a `consumer.message` event to the app's backend
// through the outbox, at most once per case per 15 minutes.
//
// Every replica runs this. It keeps the presence rows of the consumers whose sockets it holds
// (written when the first socket opens and the last one closes, refreshed every few seconds), and
// every few seconds reads the messages of the last minutes that are past a short grace (a socket
// dropped for a moment, a page being reloaded): for each, one transaction decides and claims the
// notice (db/away-notices.ts), so replicas reading the same message send it once.
import { randomUUID } from 'node:crypto';
import { redact } from '../../intents/redact.ts';
import {
  awayCandidates,
  claimAwayNotice,
  clearPresence,
  markAbsent,
  markAwayNoticeEmailed,
  markPresent,
  newestAwayCandidateFloor,
  refreshPresence,
  type AwayCandidate,
  type Db,
} from '../../db/index.ts';
import { t } from '../dialog/catalogue.ts';
import { LANGUAGES, type DetectedLanguage } from '../../intents/labels.ts';
import type { Mailer } from '../ombudsman/mailer.ts';
import type { Logger } from '../log.ts';

/** At most one notice per case in this time. */
export const AWAY_NOTICE_INTERVAL_MS = 15 * 60_000;
/** How long a message may wait for its consumer to come back (a reload, a dropped socket) before they are told. */
export const AWAY_GRACE_MS = 5_000;
/** How much of the masked message an e-mail or an app event carries. */
export const PREVIEW_CHARS = 300;

/** The sockets of this replica, as the web adapter keeps them. */
export interface PresenceSource {
  connectedUsers(): string[];
  onPresenceChange(listener: (user: string, connected: boolean) => void): () => void;
}

export interface AwayNoticeOptions {
  db: Db;
  /** This replica's sockets; without it (no web channel here) only the deciding runs. */
  presence?: PresenceSource;
  /** SMTP_URL's mailer; without it no e-mail is sent. */
  mailer?: Mailer;
  /** Whether APP_WEBHOOK_URL is set: then each notice writes a `consumer.message` event. */
  appEvents: boolean;
  /** The chat's address, linked from the e-mail. */
  publicUrl: string;
  log: Logger;
  now?: () => Date;
  intervalMs?: number;
  graceMs?: number;
  /** How often presence is refreshed; a row is stale after three times this. */
  heartbeatMs?: number;
  /** How often messages are read. */
  scanMs?: number;
  /** How old a message may be and still be told of (a replica that was down does not e-mail about last week). */
  freshMs?: number;
}

/** The masked message, in one paragraph, cut at PREVIEW_CHARS. */
export function awayPreview(redactedText: string): string {
  const masked = redact(redactedText).replace(/\s+/g, ' ').trim();
  return masked.length > PREVIEW_CHARS ? `${masked.slice(0, PREVIEW_CHARS - 1)}…` : masked;
}

/** The e-mail: a subject that names the case only, and the masked message with a link to the chat. */
export function awayEmail(input: {
  language: string;
  caseRef: string;
  preview: string;
  chatUrl: string;
  intervalMs: number;
}): { subject: string; text: string } {
  const language: DetectedLanguage = (LANGUAGES as readonly string[]).includes(input.language)
    ? (input.language as DetectedLanguage)
    : 'und';
  return {
    subject: t(language, 'away_email_subject', { ref: input.caseRef }),
    text: t(language, 'away_email_body', {
      ref: input.caseRef,
      message: input.preview,
      url: input.chatUrl,
      minutes: Math.round(input.intervalMs / 60_000),
    }),
  };
}

export async function startAwayNotices(
  options: AwayNoticeOptions,
): Promise<{ stop(): Promise<void>; scan(): Promise<void> }> {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const replica = randomUUID();
  const intervalMs = options.intervalMs ?? AWAY_NOTICE_INTERVAL_MS;
  const graceMs = options.graceMs ?? AWAY_GRACE_MS;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const presenceTtlMs = 3 * heartbeatMs;
  const freshMs = options.freshMs ?? 10 * 60_000;
  const chatUrl = `${options.publicUrl}/`;

  // Presence writes in the order the sockets opened and closed.
  let presenceWrites: Promise<void> = Promise.resolve();
  const writePresence = (write: () => Promise<void>) => {
    presenceWrites = presenceWrites
      .then(write)
      .catch((error: unknown) => log.warn({ err: error }, 'chat presence not recorded'));
  };
  const unsubscribe = options.presence?.onPresenceChange((user, connected) =>
    writePresence(() => (connected ? markPresent(db, replica, user, now()) : markAbsent(db, replica, user))),
  );
  const heartbeat = options.presence
    ? setInterval(
        () => writePresence(() => refreshPresence(db, replica, options.presence!.connectedUsers(), now())),
        heartbeatMs,
      )
    : undefined;
  heartbeat?.unref();

  // Messages are read by id from a little before the newest seen (ids are taken before commit).
  let newestSeen = await newestAwayCandidateFloor(db);
  const decided = new Set<number>();

  async function decide(candidate: AwayCandidate): Promise<void> {
    const preview = awayPreview(candidate.redactedText);
    const at = now();
    const claim = await claimAwayNotice(db, {
      candidate,
      preview,
      now: at,
      intervalMs,
      presenceTtlMs,
      mail: options.mailer !== undefined,
      appEvent: options.appEvents,
    });
    decided.add(candidate.messageId);
    if (decided.size > 10_000) decided.delete(decided.values().next().value!);
    if (claim.kind !== 'claimed') return;
    let emailed = false;
    if (claim.email && options.mailer) {
      try {
        await options.mailer.send({
          to: claim.email,
          ...awayEmail({ language: candidate.language, caseRef: candidate.caseRef, preview, chatUrl, intervalMs }),
        });
        await markAwayNoticeEmailed(db, candidate.caseId, candidate.messageId, now());
        emailed = true;
      } catch (error) {
        // The address never reaches a log line; the consumer still finds the message in the chat.
        log.warn(
          { err: redactError(error), caseRef: candidate.caseRef, messageId: candidate.messageId },
          'away notice e-mail not sent',
        );
      }
    }
    log.info(
      { caseRef: candidate.caseRef, messageId: candidate.messageId, emailed, appEvent: claim.appEvent },
      'consumer away: told of a new message',
    );
  }

  let scanning: Promise<void> = Promise.resolve();
  async function scanOnce(): Promise<void> {
    const at = now();
    const candidates = await awayCandidates(db, {
      afterId: Math.max(0, newestSeen - 500),
      from: new Date(at.getTime() - freshMs),
      until: new Date(at.getTime() - graceMs),
    });
    for (const candidate of candidates) {
      newestSeen = Math.max(newestSeen, candidate.messageId);
      if (decided.has(candidate.messageId)) continue;
      try {
        await decide(candidate);
      } catch (error) {
        log.warn(
          { err: error, caseRef: candidate.caseRef, messageId: candidate.messageId },
          'away notice not decided; trying again',
        );
      }
    }
  }
  const scan = () =>
    (scanning = scanning
      .then(scanOnce)
      .catch((error: unknown) => log.warn({ err: error }, 'away notice scan failed; retrying')));
  // Nothing to tell anyone by (no SMTP_URL, no APP_WEBHOOK_URL): presence is kept, nothing is read.
  const timer =
    options.mailer || options.appEvents ? setInterval(() => void scan(), options.scanMs ?? 2_000) : undefined;
  timer?.unref();

  return {
    scan,
    async stop() {
      clearInterval(timer);
      clearInterval(heartbeat);
      unsubscribe?.();
      await scanning;
      await presenceWrites;
      if (options.presence)
        await clearPresence(db, replica, new Date(now().getTime() - 24 * 3_600_000)).catch(() => undefined);
    },
  };
}

/** An SMTP error may quote the recipient: only its code and a masked message are logged. */
function redactError(error: unknown): { message: string; code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const message = redact(String((error as Error | null)?.message ?? error)).replace(
    /[^\s@<>]+@[^\s@<>]+/g,
    '<address>',
  );
  return typeof code === 'string' ? { message, code } : { message };
}

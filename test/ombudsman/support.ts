// Cases in the states the ombudsman tests need, written through the real db and routing, and a
// real HTTP service with the chat API and the ombudsman's routes mounted.
import express from 'express';
import { pino } from 'pino';
import { createHttpService, type HttpService } from '../../bot/http.ts';
import { mountOmbudsman, type Mailer } from '../../bot/ombudsman/index.ts';
import { mountChatApi } from '../../bot/web/routes.ts';
import { issueSession } from '../../bot/web/session.ts';
import { notifyInTransaction, openCase, runCaseCommand, type DecisionContext, type Db } from '../../db/index.ts';
import type { Command } from '../../routing/index.ts';
import type { Intent } from '../../intents/labels.ts';

export const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
export const OMBUDSMAN_TOKEN = 'the-ombudsmans-own-token-at-least-32-characters';
export const OWN = 'http://localhost:3000';
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export const CS = { kind: 'agent', id: 'cs-1', tier: 'customer_service' } as const;
export const INV = { kind: 'agent', id: 'inv-1', tier: 'investigation' } as const;
export const SPEC = { kind: 'agent', id: 'spec-1', tier: 'specialist' } as const;
export const MERCHANT = { kind: 'merchant' } as const;

export function contextFor(db: Db): DecisionContext {
  return { db, signal: notifyInTransaction() };
}

/** A clock the test moves; every write takes its time from it. */
export class Clock {
  constructor(public now: Date) {}
  tick(ms: number = MINUTE): Date {
    this.now = new Date(this.now.getTime() + ms);
    return this.now;
  }
}

export async function run(context: DecisionContext, ref: string, command: Command, at: Date) {
  const result = await runCaseCommand(context, ref, command, at);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.error.code} ${result.error.message}`);
  return result.stored;
}

export async function open(
  context: DecisionContext,
  consumerId: string,
  intent: Intent,
  at: Date,
  extra: { conversationId?: string; language?: 'sv' | 'en' | 'de' } = {},
) {
  const result = await openCase(
    context,
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId,
      conversationId: extra.conversationId ?? null,
      intent,
      language: extra.language ?? 'sv',
      entities: { merchant: 'Zalando', amountMinor: 129_900, currency: 'SEK', orderNumber: '12345678' },
    },
    at,
  );
  if (!result.ok) throw new Error(`open refused: ${result.error.code}`);
  return result.stored;
}

/** A disagreement decided for the merchant (invoice reactivated) with investigation's final statement. */
export async function decidedForMerchant(
  context: DecisionContext,
  consumerId: string,
  clock: Clock,
  extra: { conversationId?: string; language?: 'sv' | 'en' | 'de' } = {},
) {
  const opened = await open(context, consumerId, 'merchant_disagreement', clock.now, extra);
  const ref = opened.case.ref;
  await run(
    context,
    ref,
    { type: 'merchant_responded', actor: MERCHANT, summary: 'The parcel was delivered.' },
    clock.tick(2 * DAY),
  );
  // The merchant's answer keeps its window running: investigation takes the case at its end.
  await run(context, ref, { type: 'window_expired', actor: { kind: 'system' } }, clock.tick(19 * DAY));
  await run(context, ref, { type: 'pick_up', actor: INV }, clock.tick());
  // Investigation hears the consumer first, then decides.
  await run(context, ref, { type: 'request_info', actor: INV, from: 'consumer' }, clock.tick());
  await run(context, ref, { type: 'reply', actor: { kind: 'consumer', id: consumerId } }, clock.tick());
  await run(
    context,
    ref,
    { type: 'decide_investigation', actor: INV, decision: 'merchant_favour', reasoning: 'Tracking shows delivery.' },
    clock.tick(),
  );
  return run(
    context,
    ref,
    { type: 'issue_final_statement', actor: INV, text: 'The invoice stands: the parcel was delivered.' },
    clock.tick(),
  );
}

/** An invoice question answered and closed, without a final statement. */
export async function resolvedWithoutStatement(context: DecisionContext, consumerId: string, clock: Clock) {
  const opened = await open(context, consumerId, 'invoice', clock.now);
  await run(context, opened.case.ref, { type: 'pick_up', actor: CS }, clock.tick());
  return run(context, opened.case.ref, { type: 'resolve', actor: CS, outcome: 'answered' }, clock.tick());
}

/** Everything a refusal must leave untouched, as counts and the case's version. */
export async function footprint(db: Db, ref: string) {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM ombudsman_requests) AS requests,
            (SELECT count(*)::int FROM case_events) AS events,
            (SELECT count(*)::int FROM messages) AS messages,
            (SELECT count(*)::int FROM process_feedback) AS feedback,
            (SELECT version FROM cases WHERE ref = $1) AS version`,
    [ref],
  );
  return rows[0]!;
}

/** A consumer's chat session, as POST /api/chat/session issues it. */
export function newSession() {
  return issueSession(SECRET, { now: new Date() });
}

export interface TestService {
  http: HttpService;
  base: string;
  stop(): Promise<void>;
}

export async function startTestService(
  db: Db,
  options: { mailer?: Mailer; ombudsman?: boolean; now?: () => Date } = {},
): Promise<TestService> {
  const http = createHttpService({
    db,
    log: pino({ level: 'silent' }),
    mount: (app) => {
      app.use(express.json({ limit: '32kb' }));
      mountChatApi(app, { db, secrets: SECRET, allowedOrigins: [OWN] });
      mountOmbudsman(app, {
        context: contextFor(db),
        secrets: SECRET,
        allowedOrigins: [OWN],
        log: pino({ level: 'silent' }),
        mailer: options.mailer,
        ombudsman: options.ombudsman === false ? undefined : { token: OMBUDSMAN_TOKEN, id: 'omb-1' },
        now: options.now,
      });
    },
  });
  const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  return { http, base, stop: () => http.stop(1_000) };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, body: json, text };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// /metrics in Prometheus's text format (prom-client): what an operator graphs and alerts on.
// Counters and histograms are fed as messages are answered; the case and queue figures are read
// from the database when Prometheus scrapes, so every replica reports the same shared queues and
// nothing has to be kept in step in memory. That read covers open cases only (the partial index
// cases_assignee_open_idx holds them) and undelivered outgoing events only (outbox_case_order_idx),
// so its cost follows the queues, not the years of resolved history; scrapes that
// arrive while one read is running share it, so a flood of scrapes is one query at a time.
//
// Who may scrape: METRICS_TOKEN makes /metrics ask for `Authorization: Bearer <token>`;
// METRICS_PORT moves it off the public port to one of its own (bot/service.ts).
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Express, Request, Response } from 'express';
import { caseCounts, outboxFigures, queueViews, type Db } from '../db/index.ts';
import { sendError } from './errors.ts';
import { bearerToken } from './web/session.ts';
import type { LlmStats } from '../intents/llm.ts';
import type { SlackLinkState } from './slack/index.ts';

export interface ChatMetrics {
  /** A consumer message was classified (by the local model or the LLM fallback). */
  classified(result: { intent: string; language: string; confidence: number; decidedBy: 'local' | 'llm' }): void;
  /** A consumer message was answered, `seconds` after it arrived. */
  answered(seconds: number, channel: 'web' | 'app'): void;
}

export interface ServiceMetrics extends ChatMetrics {
  registry: Registry;
  mount(app: Express): void;
}

export interface MetricsOptions {
  db: Db;
  llmStats?: () => LlmStats;
  now?: () => Date;
  /** When set, a scrape must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** The Slack desk's link, when Slack is on (undefined while the desk is starting). */
  slackDesk?: () => { state: SlackLinkState } | undefined;
}

export function createMetrics(deps: MetricsOptions): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ombud_' });
  const now = deps.now ?? (() => new Date());

  const messages = new Counter({
    name: 'ombud_messages_total',
    help: 'Consumer messages classified, by intent and language.',
    labelNames: ['intent', 'language', 'decided_by'] as const,
    registers: [registry],
  });
  const confidence = new Histogram({
    name: 'ombud_classifier_confidence',
    help: "The classifier's confidence in the intent it chose.",
    labelNames: ['decided_by'] as const,
    buckets: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99],
    registers: [registry],
  });
  const replySeconds = new Histogram({
    name: 'ombud_reply_seconds',
    help: 'Time from a consumer message arriving to its answer being ready to send.',
    labelNames: ['channel'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // The case and queue figures come from the database at scrape time. A failed read leaves the
  // gauges out of that scrape (Prometheus marks them stale) rather than failing /metrics.
  const cases = new Gauge({
    name: 'ombud_cases',
    help: 'Open (not resolved) cases by tier and status.',
    labelNames: ['tier', 'status'] as const,
    registers: [registry],
  });
  const depth = new Gauge({
    name: 'ombud_queue_depth',
    help: 'Cases waiting for an agent, per tier.',
    labelNames: ['tier'] as const,
    registers: [registry],
  });
  const oldest = new Gauge({
    name: 'ombud_queue_oldest_wait_seconds',
    help: 'How long the longest-waiting case of each tier has waited.',
    labelNames: ['tier'] as const,
    registers: [registry],
  });
  const breached = new Gauge({
    name: 'ombud_queue_breached',
    help: 'Queued cases past their first-response target, per tier.',
    labelNames: ['tier'] as const,
    registers: [registry],
  });

  // Outgoing events (db/outbox.ts), per destination: alert on a growing oldest age, or on any
  // stopped event (the receiver refused it; `npm run cases -- outbox` says why).
  const outboxPending = new Gauge({
    name: 'ombud_outbox_pending',
    help: 'Outgoing events not delivered yet (waiting, being tried, retrying or stopped), per destination.',
    labelNames: ['destination'] as const,
    registers: [registry],
  });
  const outboxFailing = new Gauge({
    name: 'ombud_outbox_failing',
    help: 'Undelivered outgoing events whose last try failed: retrying (tried again after a backoff) or stopped (refused; kept until an operator retries it).',
    labelNames: ['destination', 'state'] as const,
    registers: [registry],
  });
  const outboxOldest = new Gauge({
    name: 'ombud_outbox_oldest_pending_seconds',
    help: 'Age of the oldest undelivered outgoing event, per destination.',
    labelNames: ['destination'] as const,
    registers: [registry],
  });

  // The LLM client counts its own calls; these counters follow it at each scrape.
  const llmCalls = new Counter({
    name: 'ombud_llm_calls_total',
    help: 'Requests sent to the LLM fallback.',
    registers: [registry],
  });
  const llmFailures = new Counter({
    name: 'ombud_llm_failures_total',
    help: 'LLM requests that gave no usable answer (error, timeout, malformed output); the local answer was used.',
    registers: [registry],
  });
  const llmBreaker = new Gauge({
    name: 'ombud_llm_breaker_open',
    help: "1 while the LLM fallback's circuit breaker is open.",
    registers: [registry],
  });
  let seenCalls = 0;
  let seenFailures = 0;

  // This replica's link to Slack: the desk connects in the background, so the service may serve
  // consumers for a long while with the desk down; alert on ombud_slack_desk_up == 0.
  const deskUp = new Gauge({
    name: 'ombud_slack_desk_up',
    help: "1 while this replica's Slack agent desk reaches Slack.",
    registers: [registry],
  });
  const deskState = new Gauge({
    name: 'ombud_slack_desk_state',
    help: "This replica's link to Slack: 1 for its current state (connecting, on, unreachable).",
    labelNames: ['state'] as const,
    registers: [registry],
  });
  function readSlackDesk() {
    if (!deps.slackDesk) return;
    const state = deps.slackDesk()?.state ?? 'connecting';
    deskUp.set(state === 'on' ? 1 : 0);
    for (const each of ['connecting', 'on', 'unreachable'] as const)
      deskState.set({ state: each }, each === state ? 1 : 0);
  }

  const databaseGauges = [cases, depth, oldest, breached, outboxPending, outboxFailing, outboxOldest];
  async function readDatabase() {
    const [counts, views, outgoing] = await Promise.all([
      caseCounts(deps.db),
      queueViews({ db: deps.db }, now()),
      outboxFigures(deps.db, now()),
    ]);
    for (const gauge of databaseGauges) gauge.reset();
    for (const row of counts) cases.set({ tier: row.tier, status: row.status }, row.count);
    for (const view of views) {
      depth.set({ tier: view.tier }, view.depth);
      oldest.set({ tier: view.tier }, view.oldestWaitSeconds);
      breached.set({ tier: view.tier }, view.breached);
    }
    for (const figures of outgoing) {
      outboxPending.set({ destination: figures.destination }, figures.pending);
      outboxFailing.set({ destination: figures.destination, state: 'retrying' }, figures.retrying);
      outboxFailing.set({ destination: figures.destination, state: 'stopped' }, figures.stopped);
      outboxOldest.set({ destination: figures.destination }, figures.oldestSeconds);
    }
  }

  function readLlm() {
    const stats = deps.llmStats?.();
    if (!stats) return;
    llmCalls.inc(Math.max(0, stats.calls - seenCalls));
    llmFailures.inc(Math.max(0, stats.failures - seenFailures));
    seenCalls = Math.max(seenCalls, stats.calls);
    seenFailures = Math.max(seenFailures, stats.failures);
    llmBreaker.set(stats.breakerOpen ? 1 : 0);
  }

  return {
    registry,
    classified(result) {
      messages.inc({ intent: result.intent, language: result.language, decided_by: result.decidedBy });
      confidence.observe({ decided_by: result.decidedBy }, result.confidence);
    },
    answered(seconds, channel) {
      replySeconds.observe({ channel }, seconds);
    },
    mount(app) {
      const expected = deps.token === undefined ? undefined : Buffer.from(deps.token);
      let reading: Promise<string> | undefined;
      const scrape = async (log: Request['log']): Promise<string> => {
        readLlm();
        readSlackDesk();
        try {
          await readDatabase();
        } catch (error) {
          log.warn({ err: error }, 'metrics: the database figures could not be read');
          for (const gauge of databaseGauges) gauge.reset();
        }
        return registry.metrics();
      };
      app.get('/metrics', async (req: Request, res: Response) => {
        if (expected) {
          const given = Buffer.from(bearerToken(req.get('authorization')) ?? '');
          if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
            res.setHeader('www-authenticate', 'Bearer realm="metrics"');
            sendError(res, 'metrics_unauthorized', 'The metrics need the Bearer token set in METRICS_TOKEN.');
            return;
          }
        }
        // One read at a time: a scrape that arrives during a read waits for it and shares it.
        reading ??= scrape(req.log).finally(() => (reading = undefined));
        const text = await reading;
        res.setHeader('content-type', registry.contentType);
        res.setHeader('cache-control', 'no-store');
        res.send(text);
      });
    },
  };
}

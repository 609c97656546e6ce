// A consumer's written request moves their case to the ombudsman: the desk posts the case's card
// in the ombudsman's channel, with a link to the dossier on the service, and never in another
// tier's channel. On PGlite and PostgreSQL, with the whole desk as the service starts it.
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  notifyInTransaction,
  openCase,
  openConversation,
  runCaseCommand,
  type DecisionContext,
} from '../../db/index.ts';
import type { Command } from '../../routing/index.ts';
import { createLogger } from '../../bot/log.ts';
import { startSlackDesk, type SlackDesk } from '../../bot/slack/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  interceptSlackApi,
  listen,
  postedMessage,
  SIGNING_SECRET,
} from './support.ts';

const CS = 'C0CS';
const OMB = 'C0OMB';
const PUBLIC_URL = 'https://support.example.com';
let calls: { method: string; body: Record<string, string> }[] = [];

beforeAll(() => {
  interceptSlackApi((call) => calls.push(call), postedMessage);
});
afterEach(() => {
  calls = [];
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describeEachDriver('the ombudsman channel', (current) => {
  let desk: SlackDesk;
  let server: Awaited<ReturnType<typeof listen>>;
  let context: DecisionContext;

  beforeAll(async () => {
    context = { db: current().db, signal: notifyInTransaction() };
    desk = await startSlackDesk({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
      db: current().db,
      signal: context.signal,
      tierChannels: { customer_service: CS, ombudsman: OMB },
      publicUrl: PUBLIC_URL,
      log: createLogger('silent'),
    });
    const app = express();
    desk.mount(app);
    server = await listen(app);
  });

  afterAll(async () => {
    await desk?.stop();
    await server?.close();
  });

  it("a written request posts the case in the ombudsman's channel with a link to its dossier", async () => {
    const consumerId = `consumer-${current().kind}`;
    const conversationId = await openConversation(context.db, { consumerId, channel: 'web', at: new Date() });
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId, conversationId, intent: 'invoice', language: 'sv' },
      new Date(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    // The card of a case that is already resolved when the poster reads it is never posted, so
    // wait for the queued case's card before working it.
    await eventually(
      () => calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === CS && c.body.blocks?.includes(ref)),
      10_000,
    );
    const agent = { kind: 'agent', id: 'U0ANNA', tier: 'customer_service' } as const;
    const steps: Command[] = [
      { type: 'pick_up', actor: agent },
      { type: 'issue_final_statement', actor: agent, text: 'The invoice stands: the order was delivered.' },
      { type: 'resolve', actor: agent, outcome: 'answered' },
    ];
    for (const step of steps) {
      const result = await runCaseCommand(context, ref, step, new Date());
      if (!result.ok) throw new Error(result.error.code);
    }
    expect(calls.some((c) => c.body.channel === OMB)).toBe(false);

    const requested = await runCaseCommand(
      context,
      ref,
      {
        type: 'request_ombudsman',
        actor: { kind: 'consumer', id: consumerId },
        statement: 'The parcel never came.',
        desiredOutcome: 'A refund.',
      },
      new Date(),
    );
    expect(requested.ok).toBe(true);

    const ombudsmanCards = () =>
      calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === OMB && c.body.blocks?.includes(ref));
    await eventually(() => ombudsmanCards().length > 0, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ombudsmanCards()).toHaveLength(1);
    expect(ombudsmanCards()[0]!.body.blocks).toContain(`${PUBLIC_URL}/ombudsman/cases/${ref}`);
    // Only the ombudsman's card links the dossier, not the customer-service card it came from.
    const csCards = calls.filter((c) => c.body.channel === CS && c.body.blocks?.includes(ref));
    for (const card of csCards) expect(card.body.blocks).not.toContain('/ombudsman/cases/');
  });
});

// Two agents click Pick up on the same card at the same moment: exactly one gets the case, the
// other is told who has it. On PGlite and on real PostgreSQL.
import express from 'express';
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findCaseByRef, notifyInTransaction } from '../../db/index.ts';
import { registerCaseActions } from '../../bot/slack/actions.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { describeEachDriver } from '../support/databases.ts';
import { cardClick, openedCase } from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  listen,
  postToSlackEndpoint,
  SIGNING_SECRET,
  interceptSlackApi,
} from './support.ts';

const CHANNEL = 'C0CS';
const CARD_TS = '1764000000.000100';
let calls: { method: string; body: Record<string, string> }[] = [];

beforeAll(() => {
  interceptSlackApi((call) => calls.push(call));
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describeEachDriver('two agents pick up one card at once', (current) => {
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    const slack = createSlackApp({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
    });
    registerCaseActions(slack, {
      context: { db: current().db, signal: notifyInTransaction() },
      channelTiers: { [CHANNEL]: 'customer_service' },
    });
    const app = express();
    mountSlack(app, slack);
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('gives the case to exactly one; the other hears who has it', async () => {
    for (let round = 0; round < 5; round++) {
      calls = [];
      const context = { db: current().db, signal: notifyInTransaction() };
      const ref = (await openedCase(context, { language: 'sv', noConversation: true })).case.ref;

      const responses = await Promise.all(
        ['U0ANNA', 'U0BERT'].map((user) =>
          postToSlackEndpoint(
            server.baseUrl,
            cardClick({
              ref,
              actionId: CARD_ACTIONS.pickUp,
              channel: CHANNEL,
              cardTs: CARD_TS,
              user,
              triggerId: `t-${user}`,
            }),
          ),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      await eventually(
        () =>
          calls.filter((c) => c.method === 'chat.update').length === 2 &&
          calls.some((c) => c.method === 'chat.postEphemeral'),
      );

      const winner = (await findCaseByRef(current().db, ref))!.case.assignee;
      expect(['U0ANNA', 'U0BERT']).toContain(winner);
      const loser = winner === 'U0ANNA' ? 'U0BERT' : 'U0ANNA';
      const told = calls.filter((c) => c.method === 'chat.postEphemeral');
      expect(told).toHaveLength(1);
      expect(told[0]!.body.user).toBe(loser);
      expect(told[0]!.body.text).toContain(`<@${winner}>`);
      // Both card updates show the winner; no second card was posted.
      for (const update of calls.filter((c) => c.method === 'chat.update'))
        expect(update.body.blocks).toContain(`<@${winner}>`);
      expect(calls.some((c) => c.method === 'chat.postMessage')).toBe(false);
    }
  });
});

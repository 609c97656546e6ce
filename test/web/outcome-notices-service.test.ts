// Outcome notices on the real service (`npm start`'s process, PostgreSQL; issue 18): decisions
// are written to the database as a desk writes them (runCaseCommand from another connection);
// the service's own loop tells the consumer. Their open socket receives each notice live, and
// GET /api/chat/history shows one message per decision, in Swedish, the outcome before the rating
// request, the final statement masked with the ombudsman link and ARN; the consumer's next
// message is still read as the rating it was asked for.
import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyInTransaction, openCase, openDatabase, runCaseCommand, type Db } from '../../db/index.ts';
import type { Command } from '../../routing/index.ts';
import { startServiceOnNewDatabase } from '../support/process.ts';

const SECRET = 'outcome-notices-service-test-secret-0123456789';
const CS = { kind: 'agent', id: 'cs-1', tier: 'customer_service' } as const;

let base: string;
let port: number;
let db: Db;
let stop: () => Promise<void>;

beforeAll(async () => {
  const started = await startServiceOnNewDatabase({ LOG_LEVEL: 'warn', SESSION_SECRET: SECRET });
  base = started.base;
  port = started.service.port;
  stop = started.stop;
  db = await openDatabase({ kind: 'postgres', url: started.url });
}, 90_000);

afterAll(async () => {
  await db?.close();
  await stop?.();
});

describe('outcome notices on the real service [postgres]', () => {
  it("a resolution and a final statement reach the open chat and the history once each, in the case's language", async () => {
    const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
    const frames: { text?: string; from?: string }[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${session.token}`);
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await once(ws, 'open');

    const context = { db, signal: notifyInTransaction() };
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId: session.user, intent: 'invoice', language: 'sv' },
      new Date(),
    );
    if (!opened.ok) throw new Error('could not open');
    const ref = opened.stored.case.ref;
    const run = async (command: Command) => {
      const result = await runCaseCommand(context, ref, command, new Date());
      if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    };
    const history = async (): Promise<string[]> => {
      const response = await fetch(`${base}/api/chat/history`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      const body = (await response.json()) as { messages: { direction: string; text: string }[] };
      return body.messages.filter((message) => message.direction === 'out').map((message) => message.text);
    };
    const waitFor = async (count: number) => {
      const until = Date.now() + 10_000;
      let texts = await history();
      while (texts.length < count && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        texts = await history();
      }
      return texts;
    };

    await run({ type: 'pick_up', actor: CS });
    await run({ type: 'resolve', actor: CS, outcome: 'answered' });
    const afterResolve = await waitFor(2);
    expect(afterResolve).toEqual([
      `Ditt ärende ${ref} är avslutat. Vi har besvarat din fråga. Om du inte är nöjd kan du svara här och be om ett slutgiltigt utlåtande; därefter kan vårt kundombud pröva ärendet.`,
      expect.stringMatching(new RegExp(`^Ditt ärende ${ref} är löst\\. Hur nöjd är du`)),
    ]);

    await run({ type: 'issue_final_statement', actor: CS, text: 'Fakturan för 811218-9876 är korrekt.' });
    const texts = await waitFor(3);
    expect(texts).toHaveLength(3);
    expect(texts[2]).toMatch(
      new RegExp(`^Slutgiltigt utlåtande i ditt ärende ${ref}: ”Fakturan för \\[personal_id\\] är korrekt\\.”`),
    );
    expect(texts[2]).toContain(`/ombudsman?case=${ref}&lang=sv`);
    expect(texts[2]).toContain('Allmänna reklamationsnämnden (ARN)');

    // Live on the open socket too, once each; and nothing more comes.
    const liveBy = Date.now() + 5_000;
    while (frames.filter((frame) => frame.text?.includes(ref)).length < 3 && Date.now() < liveBy)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(frames.filter((frame) => frame.text?.includes(ref)).map((frame) => frame.text)).toEqual(texts);
    expect(await history()).toEqual(texts);

    // The dialog is where the rating request left it: a "4" after the notices is the rating.
    ws.send(JSON.stringify({ type: 'message', text: '4' }));
    const answeredBy = Date.now() + 8_000;
    while (
      !frames.some((frame) => frame.text?.startsWith('Tack! Vill du lägga till en kommentar?')) &&
      Date.now() < answeredBy
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(frames.some((frame) => frame.text?.startsWith('Tack! Vill du lägga till en kommentar?'))).toBe(true);
    const { rows } = await db.query<{ rating: number }>(
      'SELECT r.rating FROM case_ratings r JOIN cases c ON c.id = r.case_id WHERE c.ref = $1',
      [ref],
    );
    expect(rows).toEqual([{ rating: 4 }]);
    ws.close();
  });
});

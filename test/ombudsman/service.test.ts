// The whole path on the real service (`npm start`'s process, PostgreSQL): the consumer chats
// over the websocket, writes to the ombudsman with their chat session, the form is served with
// its CSP, the ombudsman reads the dossier and overturns; the consumer's open socket receives
// the ombudsman's message live and the history keeps it.
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCaseByRef, openDatabase, type Db } from '../../db/index.ts';
import { startServiceOnNewDatabase } from '../support/process.ts';
import { bearer, Clock, contextFor, DAY, decidedForMerchant, OMBUDSMAN_TOKEN, postJson, SECRET } from './support.ts';

let base: string;
let port: number;
let db: Db;
let stop: () => Promise<void>;

beforeAll(async () => {
  const started = await startServiceOnNewDatabase({
    LOG_LEVEL: 'warn',
    SESSION_SECRET: SECRET,
    OMBUDSMAN_TOKEN,
    OMBUDSMAN_ID: 'omb-e2e',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ombud-omb-')),
  });
  base = started.base;
  port = started.service.port;
  stop = started.stop;
  db = await openDatabase({ kind: 'postgres', url: started.url });
}, 90_000);

afterAll(async () => {
  await db?.close();
  await stop?.();
});

describe('the ombudsman on the real service [postgres]', () => {
  it('request with the chat session, dossier, overturn; the consumer sees the message live and in the history', async () => {
    const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
    const frames: Record<string, any>[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${session.token}`);
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await once(ws, 'open');

    // A disagreement decided for the merchant, with investigation's final statement (the agents'
    // work happens elsewhere: here straight through routing and the database, as the desk does).
    const decided = await decidedForMerchant(contextFor(db), session.user, new Clock(new Date(Date.now() - 10 * DAY)), {
      language: 'de',
    });
    const ref = decided.case.ref;

    const form = await fetch(`${base}/ombudsman?case=${ref}`, { headers: { 'accept-language': 'de-DE' } });
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toContain("script-src 'self'");
    const formHtml = await form.text();
    expect(formHtml).toContain('<html lang="de">');
    expect(formHtml).toContain(`value="${ref}"`);
    expect((await fetch(`${base}/ombudsman/assets/form.js`)).status).toBe(200);

    const filed = await postJson(
      `${base}/api/ombudsman/requests`,
      { caseRef: ref, statement: 'Das Paket kam nie an.', desiredOutcome: 'Geld zurück.' },
      { ...bearer(session.token), origin: `http://localhost:${port}` },
    );
    expect(filed.status).toBe(201);
    expect(filed.body.case).toEqual({ ref, tier: 'ombudsman', status: 'queued', intent: 'merchant_disagreement' });
    // The receipt reaches the open chat at once, in the case's language.
    const receiptBy = Date.now() + 8_000;
    while (!frames.some((frame) => String(frame.text ?? '').startsWith('Vielen Dank.')) && Date.now() < receiptBy)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames.find((frame) => String(frame.text ?? '').startsWith('Vielen Dank.'))).toMatchObject({
      text: `Vielen Dank. Ihr Antrag zu Fall ${ref} wurde an die Kundenombudsstelle gesendet. Die Antwort erhalten Sie im Chat.`,
      case: { ref, tier: 'ombudsman', status: 'queued' },
    });

    const forConsumer = await fetch(`${base}/api/ombudsman/cases/${ref}/dossier`, { headers: bearer(session.token) });
    expect(forConsumer.status).toBe(401);
    const dossier = await (
      await fetch(`${base}/api/ombudsman/cases/${ref}/dossier`, { headers: bearer(OMBUDSMAN_TOKEN) })
    ).json();
    expect(dossier.request.statement).toBe('Das Paket kam nie an.');

    const decision = await postJson(
      `${base}/api/ombudsman/cases/${ref}/decision`,
      {
        decision: 'overturned',
        newOutcome: 'chargeback',
        reasoning: 'Die Sendungsnummer gehört zu einem anderen Paket.',
      },
      bearer(OMBUDSMAN_TOKEN),
    );
    expect(decision.status).toBe(200);
    expect((await findCaseByRef(db, ref))!.case).toMatchObject({
      outcome: 'chargeback',
      invoiceState: 'charged_back',
      ombudsmanDecision: 'overturned',
    });

    const deadline = Date.now() + 8_000;
    while (!frames.some((frame) => frame.from === 'ombudsman') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const live = frames.find((frame) => frame.from === 'ombudsman');
    expect(live).toMatchObject({ type: 'message', case: { ref, status: 'resolved' } });
    expect(live!.text).toContain(
      `Die Kundenombudsstelle hat Ihren Fall ${ref} geprüft und unsere Entscheidung geändert.`,
    );
    expect(live!.text).toContain('Die Sendungsnummer gehört zu einem anderen Paket.');
    ws.close();

    const history = await (await fetch(`${base}/api/chat/history`, { headers: bearer(session.token) })).json();
    // (a rating question may follow it: the case is resolved)
    expect(history.messages.map((message: { text: string }) => message.text)).toContain(live!.text);
    const events = await db.query<{ actor: string }>(
      "SELECT actor FROM case_events WHERE type = 'ombudsman_decided' AND case_id = $1",
      [decided.id],
    );
    expect(events.rows).toEqual([{ actor: 'ombudsman:omb-e2e' }]);
  });
});

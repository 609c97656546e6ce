// The app channel end to end: the real service process, POST /api/messages with a session, the
// dialog in several languages. Expected texts come from the catalogue, so a test fails when the
// bot says something else, not when a translation is reworded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import { startServiceOnNewDatabase, type ServiceProcess } from '../support/process.ts';

interface Reply {
  type: string;
  text: string;
  expects?: string;
  quick_replies?: { title: string; payload: string }[];
  case?: { ref: string; tier: string; status: string; intent: string };
}

let service: ServiceProcess;
let base: string;
let stopService: () => Promise<void>;

beforeAll(async () => {
  const started = await startServiceOnNewDatabase({ LOG_LEVEL: 'warn' });
  service = started.service;
  base = started.base;
  stopService = started.stop;
}, 90_000);

afterAll(() => stopService());

async function consumer() {
  const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
  async function send(text: string): Promise<Reply[]> {
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ type: 'message', text, user: session.user }),
    }).catch((error: Error) => {
      throw new Error(
        `the service did not answer (${error.message}); its stderr: ${service.stderr.join(' | ')}; last log lines: ${service.stdout.slice(-5).join(' | ')}`,
      );
    });
    if (response.status !== 200) {
      throw new Error(
        `status ${response.status}: ${await response.text()}; last log lines: ${service.stdout.slice(-5).join(' | ')}`,
      );
    }
    return response.json();
  }
  return { session, send };
}

const texts = (replies: Reply[]) => replies.map((reply) => reply.text);
const payloads = (replies: Reply[]) =>
  replies.flatMap((reply) => reply.quick_replies?.map((quick) => quick.payload) ?? []);

describe('the app webhook, one conversation per intent', () => {
  it('greeting (sv): welcomes and says what it can do; a second hello gets the short greeting', async () => {
    const { send } = await consumer();
    // "Hejsan", not "Hej": a bare "Hej!" is as Danish as it is Swedish, and either reply is fair
    expect(texts(await send('Hejsan!'))).toEqual([t('sv', 'welcome'), t('sv', 'capabilities')]);
    expect(texts(await send('Hej igen')).at(0)).toBe(t('sv', 'greeting_reply'));
  });

  it('invoice (sv): a self-service answer, then "did this help?"; no -> a customer-service case', async () => {
    const { send } = await consumer();
    const answer = await send('Hur betalar jag min faktura?');
    expect(texts(answer)).toContain(t('sv', 'helped_question'));
    expect(payloads(answer)).toEqual(['helped_yes', 'helped_no', 'human']);
    const no = await send('helped_no');
    expect(no.find((reply) => reply.case)?.case).toMatchObject({
      tier: 'customer_service',
      status: 'queued',
      intent: 'invoice',
    });
  });

  it('login (de): a self-service answer with "did this help?"', async () => {
    const { send } = await consumer();
    const answer = await send('Ich bekomme keinen Bestätigungscode per SMS, ich kann mich nicht anmelden');
    expect(texts(answer)).toContain(t('de', 'helped_question'));
  });

  it('unrecognised purchase (en): collects, confirms, and opens an investigation case at once', async () => {
    const { send } = await consumer();
    const first = await send('I did NOT buy this! There is an invoice of 499 SEK from Webhallen that is not mine');
    expect(texts(first)[0]).toBe(t('en', 'collect_intro_unrecognized'));
    let replies = first;
    // answer whatever is still asked with "skip" until the summary comes
    for (let turn = 0; turn < 4 && !payloads(replies).includes('confirm'); turn++) replies = await send('skip');
    expect(payloads(replies)).toContain('confirm');
    const handoff = await send('confirm');
    expect(texts(handoff)[0]).toBe(t('en', 'handoff_unrecognized'));
    expect(handoff.at(-1)!.case).toMatchObject({
      tier: 'investigation',
      status: 'queued',
      intent: 'unrecognized_purchase',
    });
  });

  it('merchant disagreement (sv): the invoice is paused and the shop has 21 days', async () => {
    const { send } = await consumer();
    let replies = await send(
      'Jag returnerade skorna jag köpte hos Zalando för tre veckor sedan men fick ändå en faktura på 899 kr',
    );
    expect(texts(replies)[0]).toBe(t('sv', 'collect_intro_dispute'));
    // answer what is asked: the yes/no about contacting the shop, skip anything else
    for (let turn = 0; turn < 4 && !payloads(replies).includes('confirm'); turn++) {
      replies = await send(payloads(replies).includes('contacted_yes') ? 'contacted_yes' : 'skip');
    }
    // the summary is one bubble, a line per fact, with the buttons under it
    const summary = replies.find((reply) => reply.quick_replies?.some((quick) => quick.payload === 'confirm'))!;
    expect(summary.text.split('\n')[0]).toBe(t('sv', 'summary_intro'));
    expect(summary.text.split('\n')).toContain(t('sv', 'summary_merchant', { merchant: 'Zalando' }));
    expect(summary.text.split('\n').at(-1)).toBe(t('sv', 'summary_confirm'));
    const handoff = await send('confirm');
    expect(texts(handoff)[0]).toBe(t('sv', 'handoff_dispute', { merchant: 'Zalando', days: 21 }));
    expect(handoff.at(-1)!.case).toMatchObject({
      tier: 'investigation',
      status: 'awaiting_merchant',
      intent: 'merchant_disagreement',
    });
  });

  it('a person (fi), in words or with the "human" payload: asked what it is about, then a customer-service case', async () => {
    const { send } = await consumer();
    const inWords = await send('Haluan puhua oikean ihmisen kanssa');
    expect(texts(inWords)).toEqual([t('fi', 'ask_what_about')]);
    const described = await send('laskussani on väärä summa');
    expect(described.at(-1)!.case).toMatchObject({ tier: 'customer_service', status: 'queued', intent: 'human_agent' });
    const other = await consumer();
    await other.send('human');
    const button = await other.send('my invoice is wrong');
    expect(button.at(-1)!.case).toMatchObject({ tier: 'customer_service', intent: 'human_agent' });
  });

  it("case status (en) is answered from the database, for the consumer's own case only", async () => {
    const { send } = await consumer();
    await send('I want to talk to a human please');
    const opened = await send('it is about a reminder fee');
    const ref = opened.at(-1)!.case!.ref;
    const status = await send(`What is the status of my case ${ref}?`);
    expect(status.at(-1)!.case).toMatchObject({ ref, status: 'queued' });
    const stranger = await consumer();
    const theirs = await stranger.send(`What is the status of case ${ref}?`);
    expect(theirs.some((reply) => reply.case)).toBe(false);
  });

  it('ombudsman (en): explains who may ask and links the written request form', async () => {
    const { send } = await consumer();
    const replies = await send('I want to escalate my complaint to the customer ombudsman');
    expect(texts(replies)).toContain(t('en', 'ombudsman_info', { url: `http://localhost:${service.port}/ombudsman` }));
  });
});

describe('the app webhook refuses', () => {
  it('missing, forged and other-user messages, writing nothing', async () => {
    const { session } = await consumer();
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const missing = await post({}, { type: 'message', text: 'hej', user: session.user });
    expect(missing.status).toBe(401);
    const forged = await post(
      { authorization: `Bearer ${session.token}x` },
      { type: 'message', text: 'hej', user: session.user },
    );
    expect((await forged.json()).error.code).toBe('session_invalid');
    const mismatch = await post(
      { authorization: `Bearer ${session.token}` },
      { type: 'message', text: 'hej', user: 'c_someone_else_entirely00' },
    );
    expect(mismatch.status).toBe(403);
    expect((await mismatch.json()).error.code).toBe('user_mismatch');
    const empty = await post(
      { authorization: `Bearer ${session.token}` },
      { type: 'message', text: '   ', user: session.user },
    );
    expect(empty.status).toBe(400);
    const history = await (
      await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${session.token}` } })
    ).json();
    expect(history.messages).toEqual([]);
  });
});

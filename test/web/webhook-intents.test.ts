// Every intent, in three languages each, through the app webhook of the real service: what a
// consumer sees first. Expected texts come from the catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import type { Intent, Language } from '../../intents/labels.ts';
import { startServiceOnNewDatabase, type ServiceProcess } from '../support/process.ts';

interface Reply {
  text: string;
  expects?: string;
  quick_replies?: { title: string; payload: string }[];
  case?: { tier: string; status: string; intent: string; expectedWaitMinutes?: number };
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

async function firstReplies(text: string): Promise<Reply[]> {
  const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ type: 'message', text, user: session.user }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** What a consumer must see first for each intent. */
const EXPECT: Record<Intent, (replies: Reply[], language: Language) => void> = {
  greeting: (replies, language) => expect(replies[0]!.text).toBe(t(language, 'welcome')),
  invoice: (replies, language) => expect(replies.map((reply) => reply.text)).toContain(t(language, 'helped_question')),
  login: (replies, language) => expect(replies.map((reply) => reply.text)).toContain(t(language, 'helped_question')),
  unrecognized_purchase: (replies, language) =>
    expect(replies[0]!.text).toBe(t(language, 'collect_intro_unrecognized')),
  merchant_disagreement: (replies, language) => expect(replies[0]!.text).toBe(t(language, 'collect_intro_dispute')),
  // a request for a person is asked, in one line, what it is about (the answer opens the case)
  human_agent: (replies, language) => {
    expect(replies.map((reply) => reply.text)).toEqual([t(language, 'ask_what_about')]);
    expect(replies.at(-1)!.expects).toBe('free_text');
  },
  case_status: (replies, language) => expect(replies[0]!.text).toBe(t(language, 'no_case_found')),
  ombudsman: (replies, language) =>
    expect(replies[0]!.text).toBe(t(language, 'ombudsman_info', { url: `http://localhost:${service.port}/ombudsman` })),
  other: (replies, language) => expect(replies[0]!.text).toBe(t(language, 'other_topic')),
};

const MESSAGES: [Intent, Language, string][] = [
  ['greeting', 'sv', 'Hej, god morgon!'],
  ['greeting', 'de', 'Guten Tag zusammen'],
  ['greeting', 'fi', 'Hei vaan, hyvää päivää'],
  ['invoice', 'sv', 'Hur betalar jag min faktura?'],
  ['invoice', 'no', 'Kan jeg utsette forfallsdatoen på fakturaen min?'],
  ['invoice', 'en', 'How do I pay my invoice?'],
  ['login', 'sv', 'Jag kan inte logga in med BankID'],
  ['login', 'de', 'Ich kann mich nicht einloggen, der Bestätigungscode kommt nicht an'],
  ['login', 'da', 'Jeg kan ikke logge ind med MitID'],
  ['unrecognized_purchase', 'sv', 'Jag har inte beställt det här, fakturan är inte min'],
  ['unrecognized_purchase', 'de', 'Ich habe das NICHT bestellt, die Rechnung ist nicht von mir'],
  ['unrecognized_purchase', 'en', 'I did NOT buy this, I do not recognise this purchase'],
  ['merchant_disagreement', 'sv', 'Jag har returnerat varan men butiken vill inte ge mig pengarna tillbaka'],
  ['merchant_disagreement', 'no', 'Pakken kom aldri frem, men butikken nekter å refundere'],
  ['merchant_disagreement', 'en', 'I returned the item weeks ago but the shop refuses to refund me'],
  ['human_agent', 'sv', 'Jag vill prata med en människa'],
  ['human_agent', 'de', 'Ich möchte mit einem Mitarbeiter sprechen'],
  ['human_agent', 'fi', 'Haluan puhua oikean ihmisen kanssa'],
  ['case_status', 'sv', 'Hur går det med mitt ärende?'],
  ['case_status', 'da', 'Hvordan går det med min sag?'],
  ['case_status', 'en', 'What is the status of my case?'],
  ['ombudsman', 'sv', 'Jag är missnöjd med hur mitt ärende hanterades och vill vända mig till kundombudsmannen'],
  ['ombudsman', 'no', 'Jeg vil klage på avgjørelsen til kundeombudet'],
  ['ombudsman', 'en', 'I want the customer ombudsman to review how my case was handled'],
  ['other', 'sv', 'Vad blir det för väder i helgen?'],
  ['other', 'de', 'Wie wird das Wetter am Wochenende?'],
  ['other', 'en', 'What is the weather like this weekend?'],
];

describe('every intent in three languages, through the webhook', () => {
  it.each(MESSAGES)('%s (%s): %s', async (intent, language, text) => {
    EXPECT[intent](await firstReplies(text), language);
  });
});

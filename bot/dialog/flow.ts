// The conversation's decisions, pure: (memory, the consumer's message, what the classifier
// made of it) -> (new memory, what to say, what to do). No I/O: the shell (dialog.ts) stores,
// classifies, opens cases and renders the lines through the catalogue of the consumer's language.
import type { Entities } from '../../intents/entities.ts';
import { INTENTS, type Intent, type Language } from '../../intents/labels.ts';
import type { MessageKey } from './catalogue/messages.ts';
import type { ConversationMemory, DialogState, SlotName, Slots } from './state.ts';

/** Quick-reply payloads: a stable contract for apps, which may send them back as the text. */
export const PAYLOADS = { confirm: 'confirm', edit: 'edit', human: 'human', helpedYes: 'helped_yes', helpedNo: 'helped_no' } as const;
const CONTACTED_YES = 'contacted_yes';
const CONTACTED_NO = 'contacted_no';
const SKIP = 'skip';

export interface QuickReply {
  title: MessageKey;
  payload: string;
}

/** One bubble: a catalogue key with its parameters, and maybe quick replies under it. */
export interface Line {
  key: MessageKey;
  /** A parameter may itself be a catalogue key (e.g. the topic's name), rendered in the same language. */
  params?: Record<string, string | number | { key: MessageKey }>;
  quickReplies?: QuickReply[];
  /** Text that does not come from the catalogue: a knowledge answer in the consumer's language. */
  text?: string;
  /** Consecutive lines of one group are sent as one bubble, one line each (the summary). */
  group?: string;
}

/** What the shell must do beside speaking. */
export type Effect =
  | { type: 'open_case'; intent: Intent; slots: Slots }
  | { type: 'case_status'; ref: string | null }
  | { type: 'ombudsman_info' }
  | { type: 'self_service'; intent: 'invoice' | 'login'; text: string }
  | { type: 'rate_case'; ref: string; rating: number }
  | { type: 'comment_rating'; ref: string; comment: string };

export interface Classified {
  intent: Intent;
  confidence: number;
  language: Language | 'und';
  alternatives: { intent: Intent; confidence: number }[];
  entities: Entities;
}

export interface Turn {
  memory: ConversationMemory;
  say: Line[];
  effects: Effect[];
}

export interface FlowOptions {
  /** Below this confidence the bot asks instead of guessing. */
  threshold: number;
}

const HUMAN_QR: QuickReply = { title: 'qr_human', payload: PAYLOADS.human };
const YES_NO_HELPED: QuickReply[] = [
  { title: 'qr_helped_yes', payload: PAYLOADS.helpedYes },
  { title: 'qr_helped_no', payload: PAYLOADS.helpedNo },
];

/** The slots each handed-off intent needs, in the order they are asked. */
const NEEDED: Partial<Record<Intent, readonly SlotName[]>> = {
  unrecognized_purchase: ['amount', 'merchant', 'date'],
  merchant_disagreement: ['merchant', 'amount', 'contactedMerchant'],
};

const ASK: Record<SlotName, Line> = {
  merchant: { key: 'ask_merchant', quickReplies: [{ title: 'qr_skip', payload: SKIP }] },
  amount: { key: 'ask_amount', quickReplies: [{ title: 'qr_skip', payload: SKIP }] },
  date: { key: 'ask_date', quickReplies: [{ title: 'qr_skip', payload: SKIP }] },
  contactedMerchant: {
    key: 'ask_contacted_merchant',
    quickReplies: [
      { title: 'qr_contacted_yes', payload: CONTACTED_YES },
      { title: 'qr_contacted_no', payload: CONTACTED_NO },
    ],
  },
};

/** Texts that are button payloads: they say nothing about the consumer's language. */
const PAYLOAD_TEXTS = new Set<string>([...Object.values(PAYLOADS), CONTACTED_YES, CONTACTED_NO, SKIP, ...INTENTS, '1', '2', '3', '4', '5']);

export function step(memory: ConversationMemory, text: string, classified: Classified, options: FlowOptions): Turn {
  const payload = text.trim().toLowerCase();
  // "skip" or "confirm" is English to a classifier but a button to us: the language stays.
  const language = classified.language !== 'und' && !PAYLOAD_TEXTS.has(payload) ? classified.language : memory.language;
  const remembered: ConversationMemory = { ...memory, language };

  // "Talk to a person" works at every step, by button or in words.
  if (payload === PAYLOADS.human || (classified.intent === 'human_agent' && classified.confidence >= options.threshold)) {
    return handoff(remembered, 'human_agent', slotsFrom(stateDescription(memory.state) ?? text, classified.entities, memory.state));
  }

  const state = memory.state;
  switch (state.stage) {
    case 'helped':
      if (payload === PAYLOADS.helpedYes) return reply(remembered, idle(), [{ key: 'helped_yes_reply' }]);
      if (payload === PAYLOADS.helpedNo) {
        return reply(remembered, idle(), [], [{ type: 'open_case', intent: state.intent, slots: slotsFrom(state.description, classified.entities) }]);
      }
      break;
    case 'clarify':
      if ((INTENTS as readonly string[]).includes(payload)) {
        return route(remembered, payload as Intent, state.text, classified.entities, options);
      }
      break;
    case 'collect':
      return collect(remembered, state, text, payload, classified);
    case 'confirm':
      if (payload === PAYLOADS.confirm) return reply(remembered, idle(), [], [{ type: 'open_case', intent: state.intent, slots: state.slots }]);
      if (payload === PAYLOADS.edit) {
        const first = nextSlot(state.intent, { ...emptySlots(state.slots.description) }) ?? 'merchant';
        return reply(remembered, { stage: 'collect', intent: state.intent, slots: emptySlots(state.slots.description), asking: first }, [
          { key: 'ask_edit' },
          ASK[first],
        ]);
      }
      break;
    case 'rating': {
      const rating = Number(payload);
      if (Number.isInteger(rating) && rating >= 1 && rating <= 5) {
        return reply(remembered, { stage: 'rating_comment', ref: state.ref }, [{ key: 'rating_comment_invite', quickReplies: [{ title: 'qr_skip', payload: SKIP }] }], [
          { type: 'rate_case', ref: state.ref, rating },
        ]);
      }
      break;
    }
    case 'rating_comment':
      if (payload === SKIP) return reply(remembered, idle(), [{ key: 'rating_thanks' }]);
      // A clear question for the bot is not a comment: it is answered as usual.
      if (classified.confidence >= options.threshold && classified.intent !== 'other' && classified.intent !== 'greeting') break;
      return reply(remembered, idle(), [{ key: 'rating_thanks' }], [{ type: 'comment_rating', ref: state.ref, comment: text.trim().slice(0, 2_000) }]);
    case 'idle':
      break;
  }

  if (classified.confidence < options.threshold) return clarify(remembered, text, classified);
  return route(remembered, classified.intent, text, classified.entities, options, memory.language === null);
}

function route(memory: ConversationMemory, intent: Intent, text: string, entities: Entities, options: FlowOptions, firstTurn = false): Turn {
  void options;
  switch (intent) {
    case 'greeting':
      // the first hello of a conversation gets the welcome; a later one a shorter "hello again"
      return reply(memory, idle(), [{ key: firstTurn ? 'welcome' : 'greeting_reply' }, { key: 'capabilities' }]);
    case 'invoice':
    case 'login':
      return reply(memory, { stage: 'helped', intent, description: text }, [], [{ type: 'self_service', intent, text }]);
    case 'unrecognized_purchase':
    case 'merchant_disagreement': {
      const slots = slotsFrom(text, entities);
      const intro: MessageKey = intent === 'unrecognized_purchase' ? 'collect_intro_unrecognized' : 'collect_intro_dispute';
      const next = nextSlot(intent, slots);
      if (!next) return confirm(memory, intent, slots, [{ key: intro }]);
      return reply(memory, { stage: 'collect', intent, slots, asking: next }, [{ key: intro }, ASK[next]]);
    }
    case 'human_agent':
      return handoff(memory, 'human_agent', slotsFrom(text, entities));
    case 'case_status':
      return reply(memory, idle(), [], [{ type: 'case_status', ref: entities.caseRefs[0] ?? null }]);
    case 'ombudsman':
      return reply(memory, idle(), [], [{ type: 'ombudsman_info' }]);
    case 'other': {
      const misses = (memory.state.stage === 'idle' ? memory.state.misses : 0) + 1;
      // After two turns without progress, a person is offered without being asked (PEERS.md).
      if (misses >= 2) return reply(memory, idle(0), [{ key: 'offer_human', quickReplies: [HUMAN_QR] }]);
      return reply(memory, idle(misses), [{ key: 'other_topic' }, { key: 'capabilities' }]);
    }
  }
}

function clarify(memory: ConversationMemory, text: string, classified: Classified): Turn {
  const misses = (memory.state.stage === 'idle' ? memory.state.misses : 0) + 1;
  if (misses > 2) return reply(memory, idle(0), [{ key: 'offer_human', quickReplies: [HUMAN_QR] }]);
  const options = [classified.intent, ...classified.alternatives.map((alternative) => alternative.intent)]
    .filter((intent, index, all) => all.indexOf(intent) === index && intent !== 'other' && intent !== 'greeting')
    .slice(0, 3);
  return reply(memory, { stage: 'clarify', text, options }, [
    {
      key: 'clarify_question',
      quickReplies: [...options.map((intent) => ({ title: `intent_${intent}` as MessageKey, payload: intent })), HUMAN_QR],
    },
  ]);
}

function collect(memory: ConversationMemory, state: Extract<DialogState, { stage: 'collect' }>, text: string, payload: string, classified: Classified): Turn {
  const slots: Slots = { ...state.slots };
  const entities = classified.entities;
  if (payload === SKIP) {
    slots.skipped = [...slots.skipped, state.asking];
  } else {
    switch (state.asking) {
      case 'merchant':
        // a button pressed instead of typing the shop's name is not a shop's name
        if (PAYLOAD_TEXTS.has(payload)) return reply(memory, state, [ASK.merchant]);
        slots.merchant = entities.merchants[0] ?? text.trim().slice(0, 200);
        break;
      case 'amount': {
        const amount = entities.amounts[0];
        if (!amount) return reply(memory, state, [{ key: 'invalid_amount' }, ASK.amount]);
        Object.assign(slots, amountSlots(amount));
        break;
      }
      case 'date': {
        const date = entities.dates[0];
        if (!date) return reply(memory, state, [{ key: 'invalid_date' }, ASK.date]);
        slots.date = date.value;
        slots.dateText = date.text;
        break;
      }
      case 'contactedMerchant':
        if (payload !== CONTACTED_YES && payload !== CONTACTED_NO) return reply(memory, state, [ASK.contactedMerchant]);
        slots.contactedMerchant = payload === CONTACTED_YES;
        break;
    }
  }
  const lines: Line[] = state.asking === 'contactedMerchant' && slots.contactedMerchant === false ? [{ key: 'tip_contact_merchant' }] : [];
  const next = nextSlot(state.intent, slots);
  if (next) return reply(memory, { ...state, slots, asking: next }, [...lines, ASK[next]]);
  return confirm(memory, state.intent, slots, lines);
}

function confirm(memory: ConversationMemory, intent: Intent, slots: Slots, before: Line[]): Turn {
  const lines: Line[] = [{ key: 'summary_intro' }, { key: 'summary_topic', params: { topic: { key: `intent_${intent}` as MessageKey } } }];
  if (slots.merchant) lines.push({ key: 'summary_merchant', params: { merchant: slots.merchant } });
  if (slots.orderNumber) lines.push({ key: 'summary_order_number', params: { order: slots.orderNumber } });
  if (slots.amountText) lines.push({ key: 'summary_amount', params: { amount: slots.amountText } });
  if (slots.dateText) lines.push({ key: 'summary_date', params: { date: slots.dateText } });
  lines.push({ key: 'summary_what_happened', params: { description: slots.description } });
  if (slots.contactedMerchant !== null) lines.push({ key: slots.contactedMerchant ? 'summary_contacted_yes' : 'summary_contacted_no' });
  lines.push({
    key: 'summary_confirm',
    quickReplies: [
      { title: 'qr_confirm', payload: PAYLOADS.confirm },
      { title: 'qr_edit', payload: PAYLOADS.edit },
      HUMAN_QR,
    ],
  });
  return reply(memory, { stage: 'confirm', intent, slots }, [...before, ...lines.map((line) => ({ ...line, group: 'summary' }))]);
}

function handoff(memory: ConversationMemory, intent: Intent, slots: Slots): Turn {
  return reply(memory, idle(), [], [{ type: 'open_case', intent, slots }]);
}

/** The first needed slot that is neither known nor skipped. */
function nextSlot(intent: Intent, slots: Slots): SlotName | undefined {
  return (NEEDED[intent] ?? []).find((slot) => !slots.skipped.includes(slot) && !known(slots, slot));
}

function known(slots: Slots, slot: SlotName): boolean {
  switch (slot) {
    case 'merchant':
      return slots.merchant !== null;
    case 'amount':
      return slots.amountMinor !== null;
    case 'date':
      return slots.date !== null;
    case 'contactedMerchant':
      return slots.contactedMerchant !== null;
  }
}

function emptySlots(description: string): Slots {
  return {
    description,
    merchant: null,
    amountMinor: null,
    currency: null,
    amountText: null,
    date: null,
    dateText: null,
    orderNumber: null,
    contactedMerchant: null,
    skipped: [],
  };
}

function amountSlots(amount: Entities['amounts'][number]): Pick<Slots, 'amountMinor' | 'currency' | 'amountText'> {
  return {
    amountMinor: Math.round(amount.value * 100),
    // "kr" alone names no currency: routing accepts ISO codes only, the text keeps what was written
    currency: amount.currency === 'KR' ? null : amount.currency,
    amountText: amount.text,
  };
}

/** What the first message already says: merchant, amount, date, order number. */
function slotsFrom(description: string, entities: Entities, previous?: DialogState): Slots {
  const slots = previous && 'slots' in previous ? { ...previous.slots } : emptySlots(description.trim().slice(0, 2_000));
  if (slots.merchant === null && entities.merchants[0]) slots.merchant = entities.merchants[0];
  if (slots.amountMinor === null && entities.amounts[0]) Object.assign(slots, amountSlots(entities.amounts[0]));
  if (slots.date === null && entities.dates[0]) {
    slots.date = entities.dates[0].value;
    slots.dateText = entities.dates[0].text;
  }
  if (slots.orderNumber === null && entities.orderNumbers[0]) slots.orderNumber = entities.orderNumbers[0];
  return slots;
}

function stateDescription(state: DialogState): string | undefined {
  if (state.stage === 'collect' || state.stage === 'confirm') return state.slots.description;
  if (state.stage === 'helped') return state.description;
  if (state.stage === 'clarify') return state.text;
  return undefined;
}

function idle(misses = 0): DialogState {
  return { stage: 'idle', misses };
}

function reply(memory: ConversationMemory, state: DialogState, say: Line[], effects: Effect[] = []): Turn {
  return { memory: { ...memory, state }, say, effects };
}


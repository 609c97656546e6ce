// The conversation's decisions, pure: (memory, the consumer's message, what the classifier
// made of it) -> (new memory, what to say, what to do). No I/O: the shell (dialog.ts) stores,
// classifies, opens cases and renders the lines through the catalogue of the consumer's language.
//
// The question asked comes first. Every question declares what it expects (state.ts, Expects),
// and the next message is read as that answer before anything else, by a reader that knows how
// people type it (readers/): "ja", "nei ikke ennå", "649", "i går", "Zalandolta". Only a message
// that does not read as the answer is classified as a message of its own: a confident request
// for a person, or for the case's status, is honoured (the report in progress is kept); anything
// else gets the question again with an example, and after two misses the offer of a person.
// Facts are read from every message, the first one included, and only what is missing is asked.
import { extractEntities, type Entities } from '../../intents/entities.ts';
import { INTENTS, type Intent, type Language } from '../../intents/labels.ts';
import type { MessageKey } from './catalogue/messages.ts';
import {
  dateReading,
  afterMidCorrection,
  billedClause,
  billedInStory,
  factsInMessage,
  opensACorrection,
  correctionAside,
  leadingClause,
  purchaseDate,
  readCorrection,
  shopInSentence,
  type Facts,
  type ReadContext,
} from './readers/facts.ts';
import { amountOpening, readAmount } from './readers/amount.ts';
import { numberWord } from './readers/number-words.ts';
import { namesADate, readDate, vagueTime } from './readers/date.ts';
import { readRefundReason, REFUND_REASONS, saysChargedTwice, type RefundReason } from './readers/refund-reason.ts';
import { readShop } from './readers/shop.ts';
import { greetsOrTakesLeave, readSmallTalk, smallTalkMentioned } from './readers/small-talk.ts';
import {
  compilePhrases,
  containsAnyPhrase,
  indexPhrases,
  phraseAt,
  plain,
  sentencesOf,
  wordsOf,
} from './readers/text.ts';
import { knownShop } from './readers/known-shops.ts';
import {
  BOUGHT,
  COPULAS,
  GREETINGS,
  POLITE_WORDS,
  INVOICE_WORDS,
  RECEIVED,
  FINAL_STATEMENT_GIVEN,
  NO_COMPLAINT,
  NOT_HELPED,
  NOT_MY_PURCHASE,
  VAGUE_WORDS,
  WANTS_ESCALATION,
  WANTS_FINAL_STATEMENT,
  WANTS_PERSON,
  WHAT_NOW,
  ANYONE_ON_IT,
  REPORT_WITHDRAWN,
  FAMILY_BUYERS,
} from './readers/lexicon.ts';
import {
  contactStatement,
  goesToLook,
  NEGATIONS,
  readContacted,
  readYesNo,
  saysDontKnow,
  saysPartly,
} from './readers/yes-no.ts';
import { purchasesFitting, type Purchase } from '../../routing/purchases.ts';
import type { ConversationMemory, DialogState, Expects, OfferedPurchase, SlotName, Slots } from './state.ts';

/** Quick-reply payloads: a stable contract for apps, which may send them back as the text. */
export const PAYLOADS = {
  confirm: 'confirm',
  edit: 'edit',
  human: 'human',
  helpedYes: 'helped_yes',
  helpedNo: 'helped_no',
} as const;
const CONTACTED_YES = 'contacted_yes';
const CONTACTED_NO = 'contacted_no';
const SKIP = 'skip';
const PURCHASE_NONE = 'purchase_none';
const SETTLEMENT_YES = 'settlement_yes';
const SETTLEMENT_NO = 'settlement_no';
/** The payload of the n-th purchase offered (1-based). */
const PURCHASE_PAYLOAD = /^purchase_(\d{1,2})$/;

export interface QuickReply {
  /** A catalogue text, or a purchase shown as "Zalando · 899 kr · 3 Nov". */
  title: MessageKey | { purchase: OfferedPurchase };
  payload: string;
}

/** One bubble: a catalogue key with its parameters, and maybe quick replies under it. */
export interface Line {
  key: MessageKey;
  /** A parameter may itself be a catalogue key (e.g. the topic's name), rendered in the same language. */
  params?: Record<
    string,
    | string
    | number
    | { key: MessageKey }
    | { amountMinor: number; currency: string }
    | { date: string }
    | { month: string }
  >;
  quickReplies?: QuickReply[];
  /** Text that does not come from the catalogue: a knowledge answer in the consumer's language. */
  text?: string;
  /** Consecutive lines of one group are sent as one bubble, one line each (the summary). */
  group?: string;
  /** This line asks a question: what its answer is. */
  expects?: Expects;
}

/** What the shell must do beside speaking. */
export type Effect =
  | { type: 'open_case'; intent: Intent; slots: Slots }
  /** A person asked for while a case is open: the open case gets the request, no second case. */
  | { type: 'person_for_open_case'; text: string }
  | { type: 'case_status'; ref: string | null }
  /** `finalStatementTold`: the consumer says a final statement was given (on a case this chat may not show). */
  | { type: 'ombudsman_info'; finalStatementTold?: boolean }
  /** The consumer asks for their open case to go higher (a complaint): escalated, or told why not. */
  | { type: 'escalation_request'; text: string }
  /**
   * `askFirst`: when there is no ready answer, ask before a person takes it: what is wrong (a
   * vague message, `problem`) or what the consumer wants to know (a topic named alone, `topic`).
   */
  | { type: 'self_service'; intent: 'invoice' | 'login'; text: string; askFirst?: 'problem' | 'topic' }
  | { type: 'rate_case'; ref: string; rating: number }
  | { type: 'comment_rating'; ref: string; comment: string }
  /** The memory is at `pick_purchase` with nothing offered yet: look up the consumer's purchases (purchasesFound). */
  | { type: 'offer_purchases' }
  /** The consumer said why they want their money back, after their dispute `ref` was opened. */
  | { type: 'record_refund_reason'; ref: string; reason: RefundReason }
  /** An answer to the refund-reason question that names none of the reasons: it stays with case `ref` for its person. */
  | { type: 'note_on_case'; ref: string }
  /** The consumer answered whether the merchant's settlement of case `ref` is right. */
  | { type: 'settlement_answer'; ref: string; confirmed: boolean; reason?: string };

export interface Classified {
  intent: Intent;
  confidence: number;
  language: Language | 'und';
  /** How sure the language detector is (0..1); absent: treated as sure for a long message. */
  languageConfidence?: number;
  alternatives: { intent: Intent; confidence: number }[];
  entities: Entities;
}

export interface Turn {
  memory: ConversationMemory;
  say: Line[];
  effects: Effect[];
  /** Said after what the effects say: the pending question, asked again after a status answer. */
  after?: Line[];
}

export interface FlowOptions {
  /** Below this confidence the bot asks instead of guessing. */
  threshold: number;
  /** The consumer's day (YYYY-MM-DD, their time zone): "i går" is read against it. Default: today in UTC. */
  today?: string;
  /** The country of the session's locale (SE, NO, DK, FI, DE): a bare amount's currency. */
  market?: string | null;
  /** The language of the session's locale or Accept-Language: used until a message is long enough to tell. */
  localeLanguage?: Language | null;
  /** Whether the consumer has an open case now (asking for a person then joins it). */
  hasOpenCase?: boolean;
  /** The consumer is identified (the app vouched for them): their purchases can be offered. */
  identified?: boolean;
  /** The reference of the consumer's case that waits in customer service's queue for a person. */
  waitingForPerson?: string | null;
}

export const HUMAN_QR: QuickReply = { title: 'qr_human', payload: PAYLOADS.human };
const SKIP_QR: QuickReply = { title: 'qr_skip', payload: SKIP };

/** The slots each reported intent needs, in the order they are asked. */
const NEEDED: Partial<Record<Intent, readonly SlotName[]>> = {
  unrecognized_purchase: ['amount', 'merchant', 'date'],
  // The refund reason is not among them: a dispute opens without it, and it is asked after (refundReasonQuestion).
  merchant_disagreement: ['merchant', 'amount', 'date', 'contactedMerchant'],
};

const SLOT_EXPECTS: Record<SlotName, Expects> = {
  refundReason: 'choice',
  merchant: 'shop',
  amount: 'amount',
  date: 'date',
  contactedMerchant: 'contacted',
};
void SLOT_EXPECTS;

/** The refund reasons as buttons; their payloads are `reason_<reason>`. */
const REASON_QR: QuickReply[] = REFUND_REASONS.map((reason) => ({
  title: `refund_reason_${reason}` as MessageKey,
  payload: `reason_${reason}`,
}));

/**
 * "What happened with the purchase?", asked once a dispute is open when nothing the consumer said
 * named the reason: asked before, it held up every report whose consumer could not place their
 * story among five buttons.
 */
export function refundReasonQuestion(): Line {
  return { key: 'ask_refund_reason', expects: 'choice', quickReplies: REASON_QR };
}

function ask(slot: SlotName, intent: Intent): Line {
  switch (slot) {
    case 'refundReason':
      return { key: 'ask_refund_reason', expects: 'choice', quickReplies: REASON_QR };
    case 'merchant':
      // A dispute is opened with a shop: its name is asked for, not skipped.
      return intent === 'merchant_disagreement'
        ? { key: 'ask_merchant', expects: 'shop' }
        : { key: 'ask_merchant_unrecognized', expects: 'shop', quickReplies: [SKIP_QR] };
    case 'amount':
      return { key: 'ask_amount', expects: 'amount', quickReplies: [SKIP_QR] };
    case 'date':
      // Nobody bought what they do not recognise: the purchase's date is asked, not "when did you buy".
      return {
        key: intent === 'unrecognized_purchase' ? 'ask_date_unrecognized' : 'ask_date',
        expects: 'date',
        quickReplies: [SKIP_QR],
      };
    case 'contactedMerchant':
      return {
        key: 'ask_contacted_merchant',
        expects: 'contacted',
        quickReplies: [
          { title: 'qr_contacted_yes', payload: CONTACTED_YES },
          { title: 'qr_contacted_no', payload: CONTACTED_NO },
        ],
      };
  }
}

const EXAMPLE: Record<Expects, MessageKey> = {
  shop: 'example_shop',
  amount: 'example_amount',
  date: 'example_date',
  contacted: 'example_yes_no',
  confirm: 'example_confirm',
  helped: 'example_yes_no',
  free_text: 'example_free_text',
  yes_no: 'example_yes_no',
  choice: 'example_choice',
  rating: 'rating_invalid',
};

/** Texts that are button payloads: they say nothing about the consumer's language. */
const PAYLOAD_TEXTS = new Set<string>([
  ...Object.values(PAYLOADS),
  CONTACTED_YES,
  CONTACTED_NO,
  SKIP,
  PURCHASE_NONE,
  SETTLEMENT_YES,
  SETTLEMENT_NO,
  ...INTENTS,
  ...REFUND_REASONS.map((r) => `reason_${r}`),
  '1',
  '2',
  '3',
  '4',
  '5',
]);

/** Matters a message may raise while the refund reason is asked, answered as usual. */
const OWN_MATTERS = new Set<Intent>(['case_status', 'ombudsman', 'login', 'greeting']);

/** The plain noes, folded: a yes followed by one takes itself back. */
const NO_WORDS = new Set(['no', 'nej', 'nei', 'nein', 'ei', 'nee', 'nope']);

/** Misses of one question before a person is offered. */
const MAX_MISSES = 2;

export function step(memory: ConversationMemory, text: string, classified: Classified, options: FlowOptions): Turn {
  const payload = text.trim().toLowerCase();
  const isPayload = PAYLOAD_TEXTS.has(payload) || PURCHASE_PAYLOAD.test(payload);
  const language = conversationLanguage(memory, text, classified, options, isPayload);
  const remembered: ConversationMemory = { ...memory, language };
  const context: ReadContext = {
    language: language ?? options.localeLanguage ?? 'en',
    today: options.today ?? new Date().toISOString().slice(0, 10),
    market: options.market ?? null,
  };
  let state = memory.state;

  // "Talk to a person" works at every step, by button.
  if (payload === PAYLOADS.human) return personRequested(remembered, state, text, classified, options, true);
  // A topic button (the welcome's, or an app's): the topic is chosen, its question comes next.
  if (state.stage !== 'clarify' && (INTENTS as readonly string[]).includes(payload))
    return topicChosen(remembered, payload as Intent, classified, context, options);

  // "åh vänta, det var nog min son.. strunta i det": a report taken back before it is sent ends
  // with nothing sent.
  if (
    (state.stage === 'collect' || state.stage === 'confirm') &&
    takesReportBack(text, state.intent, classified, context)
  )
    return reply(remembered, idle(), [{ key: 'report_dropped' }]);

  // "actually can I just talk to someone?" typed at a question of the report: a person is asked
  // for. What the answer also told ("ja har skrevet to gange … kan jeg ikke få en rigtig person?")
  // goes with the report; at the shop question the words are no shop's name.
  if ((state.stage === 'collect' || state.stage === 'confirm') && wantsPerson(text)) {
    const answered =
      state.stage === 'collect' && state.asking !== 'merchant'
        ? readAnswer(remembered, state, text, payload, classified, context, options)
        : undefined;
    const after = answered?.memory.state;
    const kept = after && (after.stage === 'collect' || after.stage === 'confirm') ? after : state;
    return personRequested(remembered, kept, text, classified, options, false);
  }

  // The question asked comes first.
  const answered = readAnswer(remembered, state, text, payload, classified, context, options);
  if (answered) return answered;

  // Not an answer to it: a message of its own.
  const confident = classified.confidence >= options.threshold;
  if (confident && classified.intent === 'human_agent')
    return personRequested(remembered, state, text, classified, options, false);
  // "ich möchte mich beschweren, das dauert zu lange" with a case open: that case goes higher,
  // whatever else the words sound like (unless they ask where it stands, or tell of our final
  // statement on another case: "förra gången … stängde ärendet med ett slutgiltigt besked").
  if (
    options.hasOpenCase &&
    wantsEscalation(text) &&
    !toldOfFinalStatement(text) &&
    !(confident && classified.intent === 'case_status') &&
    state.stage !== 'collect' &&
    state.stage !== 'confirm'
  ) {
    return reply(remembered, idle(), [], [{ type: 'escalation_request', text: text.trim().slice(0, 2_000) }]);
  }
  if (state.stage === 'refund_reason') {
    // The case is open: an answer that names no reason is kept with it for its person, unless it
    // is plainly a message of its own (a status question, thanks, a login problem).
    const ownMessage = readSmallTalk(text) !== undefined || (confident && OWN_MATTERS.has(classified.intent));
    // "nej", "ok", "vet inte": no reason to give; the question is left, nothing is noted.
    const nothingToAdd =
      saysDontKnow(text) || (readYesNo(text) !== undefined && wordsOf(text).length <= 3) || wordsOf(text).length <= 1;
    if (nothingToAdd && !ownMessage) return reply(remembered, idle(), [{ key: 'offer_declined' }]);
    if (!ownMessage) return reply(remembered, idle(), [], [{ type: 'note_on_case', ref: state.ref }]);
    state = idle();
    remembered.state = state;
  }
  const pending = pendingQuestion(state);
  if (pending) {
    // A status or ombudsman question in the middle of a report is answered, then the question is asked again.
    if (confident && (classified.intent === 'case_status' || classified.intent === 'ombudsman')) {
      const effect: Effect =
        classified.intent === 'case_status'
          ? { type: 'case_status', ref: classified.entities.caseRefs[0] ?? null }
          : ombudsmanEffect(text);
      return { memory: remembered, say: [], effects: [effect], after: pending };
    }
    // A clear change of subject, said in full ("actually it's about my login"): the new matter is taken up.
    if (changesSubject(state, classified, text)) {
      // From one report to the other ("vänta nu.. det är ju barnvagnsgrejen. jag har ju köpt den men
      // den har aldrig kommit"): what the report told so far goes on with it.
      const carried = switchesReport(state, classified.intent)
        ? carriedFacts(state.slots, factsOnce(text, classified, context))
        : undefined;
      return route(remembered, classified.intent, text, classified, context, options, false, carried);
    }
    return miss(remembered, state, pending);
  }

  const read = readSmallTalk(text);
  // "Servus miteinand!" to open the conversation is a greeting, not a goodbye.
  const smallTalk = read === 'goodbye' && memory.language === null && greetsOrTakesLeave(text) ? 'greeting' : read;
  if (smallTalk) return smallTalkReply(remembered, smallTalk, memory.language === null);
  // "Was passiert jetzt?" with a case open: where it stands, and what comes next.
  // (Not "Zalando drog dubbelt, vad händer nu?": that is a matter of its own.)
  if (
    options.hasOpenCase &&
    ((wordsOf(text).length <= 6 && containsAnyPhrase(wordsOf(text), WHAT_NOW_WORDS)) ||
      (wordsOf(text).length <= 20 && containsAnyPhrase(wordsOf(text), ANYONE_ON_IT_WORDS))) &&
    readRefundReason(text) === undefined
  )
    return reply(remembered, idle(), [], [{ type: 'case_status', ref: classified.entities.caseRefs[0] ?? null }]);
  // Waiting in the queue for a person: what the consumer adds is for that person, on the case,
  // rather than a new matter the bot starts questioning about; a status or ombudsman question
  // is still answered.
  if (
    options.waitingForPerson &&
    !(confident && (classified.intent === 'case_status' || classified.intent === 'ombudsman'))
  ) {
    return reply(remembered, idle(), [], [{ type: 'note_on_case', ref: options.waitingForPerson }]);
  }
  // A story of a case handled before that ends asking for the ombudsman is about the ombudsman,
  // however much of it tells of the purchase.
  // So is one that tells of our final statement given and not accepted ("ni har gett ert
  // slutgiltiga besked och jag tycker fortfarande det är fel").
  // And so is a complaint about how a case was handled, with no case open here ("en oo
  // tyytyväinen siihen miten mun reklamaatio hoidettiin … haluun valittaa tästä"), however much
  // it tells of the shop.
  if (
    namesOmbudsman(wordsOf(text)) ||
    toldOfFinalStatement(text) ||
    (!options.hasOpenCase && (complainsOfHandling(text, context) || appealsOurDecision(text)))
  )
    return route(remembered, 'ombudsman', text, classified, context, options);
  // "… the coat is lovely, no complaints … When exactly is the invoice due?": a long story that
  // says the purchase is fine and ends in a question is that question, not a dispute.
  const question = questionAfterNoComplaint(text);
  if (question) return route(remembered, 'invoice', question, classified, context, options);
  const facts = factsOnce(text, classified, context);
  const report = reportNamingAShop(text, classified, facts);
  if (report) return route(remembered, report, text, classified, context, options, false, facts);
  // "da is ne abbuchung die ich nicht zuordnen kann", "æ har fått ei faktura æ ikkje kjenne igjen":
  // a charge or an invoice disowned in words is a purchase not made, however unsure the classifier
  // is or however much it sounded like an invoice question.
  if ((!confident || classified.intent === 'invoice') && disownsACharge(text))
    return route(remembered, 'unrecognized_purchase', text, classified, context, options, false, facts);
  // "I got charged twice for the same thing, super annoying": told, not asked, and not paid twice by
  // the consumer ("betalade fakturan två gånger" is an invoice matter): a dispute with the shop.
  if (classified.intent === 'invoice' && !text.includes('?') && chargedTwiceByAShop(text))
    return route(remembered, 'merchant_disagreement', text, classified, context, options, false, facts);
  if (!confident) return clarify(remembered, text, classified);
  return route(remembered, classified.intent, text, classified, context, options, memory.language === null, facts);
}

/** Words that may stand before a day in a name read from a date ("I förrgår", "Am Montag"). Folded. */
const DAY_LEADS = new Set([
  'i',
  'pa',
  'am',
  'on',
  'last',
  'den',
  'the',
  'im',
  'vor',
  'for',
  'in',
  'ma',
  'til',
  'sidste',
  'forra',
  'forrige',
  'viime',
  'letzten',
  'letzte',
]);
/** A name read from an answer that is only a day or a month ("Vorgestern", "I förrgår", "Freitag"; not "Maj Butik"). */
function onlyADay(name: string): boolean {
  const words = name.split(/\s+/u);
  return words.some((w) => namesADate(w)) && words.every((w) => namesADate(w) || DAY_LEADS.has(plain(w)));
}

/** The lines that ask the current question again (undefined when the bot is not waiting for an answer). */
function pendingQuestion(state: DialogState): Line[] | undefined {
  switch (state.stage) {
    case 'collect':
      return [ask(state.asking, state.intent)];
    case 'confirm':
      return state.editing ? [{ key: 'ask_edit', expects: 'confirm' }] : summary(state.intent, state.slots);
    case 'describe':
      return [describeQuestion(state.intent)];
    case 'clarify':
      return [clarifyLine(state.options)];
    case 'pick_purchase':
      return state.offered.length > 0 ? [purchaseQuestion(state.offered)] : undefined;
    case 'settlement':
      return [settlementQuestion(state)];
    default:
      return undefined;
  }
}

/** Reads the message as the answer to the question asked; undefined when it is not one. */
function readAnswer(
  memory: ConversationMemory,
  state: DialogState,
  text: string,
  payload: string,
  classified: Classified,
  context: ReadContext,
  options: FlowOptions,
): Turn | undefined {
  switch (state.stage) {
    case 'helped': {
      const smallTalk = readSmallTalk(text);
      if (smallTalk === 'goodbye' || smallTalk === 'thanks')
        return reply(memory, idle(), [{ key: smallTalk === 'goodbye' ? 'reply_goodbye' : 'helped_yes_reply' }]);
      // "kinda, still not sure what it costs extra", "naja so halb": helped in part; a person is
      // offered, not sent for.
      if (!PAYLOAD_TEXTS.has(payload) && saysPartly(text))
        return reply(memory, { stage: 'offer_person', intent: state.intent, slots: emptySlots(state.description) }, [
          { key: 'offer_person_partly', expects: 'yes_no', quickReplies: [HUMAN_QR] },
        ]);
      const answer =
        payload === PAYLOADS.helpedYes
          ? 'yes'
          : payload === PAYLOADS.helpedNo
            ? 'no'
            : (shortYesNo(text) ??
              (saysNotHelped(text) || opensWithNo(text) ? 'no' : saysItWorked(text) ? 'yes' : undefined));
      if (answer === 'yes') return reply(memory, idle(), [{ key: 'helped_yes_reply' }]);
      // "ich hab ne Rechnung bekommen die ich nicht zuordnen kann", then "von Gartenzwerg24.de, 89
      // Euro, letzte Woche": the answer tells the report the question was about.
      if (!answer) {
        const together = `${state.description}\n${text}`;
        const facts = factsOnce(
          together,
          { ...classified, entities: extractEntities(together, { language: context.language }) },
          context,
        );
        const told = facts();
        if (told.shop && (told.amount || told.date)) {
          const kind =
            containsAnyPhrase(wordsOf(state.description), NOT_MINE) && !ownPurchaseGoneWrong(together, told)
              ? 'unrecognized_purchase'
              : disputeInWords(told)
                ? 'merchant_disagreement'
                : undefined;
          if (kind) return startReport(memory, kind, together, classified, context, [], options, facts);
        }
      }
      if (answer === 'no') {
        // The question was about a shop or a purchase after all: that report is started. It must
        // say so: what went wrong with a purchase ("the coffee machine broke, must I still pay?"),
        // or a shop named when a report was the next likeliest matter.
        // Only the question counts: the no's own words ("nej, det virker stadig ikke", "more than
        // a week") say why the answer did not help, not what went wrong with a purchase; and a
        // login that "does not work" is no faulty purchase.
        const entities = extractEntities(state.description, { language: context.language });
        const facts = factsInMessage(state.description, entities, context);
        // "too much at once" is no complaint about a shop: a wrong amount needs the shop named.
        const reported =
          state.intent === 'invoice' && facts.refundReason && (facts.refundReason !== 'wrong_amount' || facts.shop)
            ? 'merchant_disagreement'
            : undefined;
        // (Not a question of how or when to pay a shop's invoice: "Wie kann ich die Rechnung von
        // Bonprix später bezahlen?" not helped is still that question, for a person.)
        const aboutPaying = wordsOf(state.description).some((w) => PAY_VERB.test(w));
        const report =
          reported ??
          (facts.shop &&
          !aboutPaying &&
          (state.alternative === 'merchant_disagreement' || state.alternative === 'unrecognized_purchase')
            ? state.alternative
            : undefined);
        if (report)
          return startReport(memory, report, state.description, { ...classified, entities }, context, [], options);
        return reply(
          memory,
          idle(),
          [],
          [{ type: 'open_case', intent: state.intent, slots: emptySlots(state.description) }],
        );
      }
      return undefined;
    }
    case 'clarify': {
      if ((INTENTS as readonly string[]).includes(payload))
        return route(memory, payload as Intent, state.text, classified, context, options);
      // The first message and this one together tell of a shop and what went wrong ("Hei,
      // Bilpleiesenteret har tatt meg ..." then "de har tatt for mye"): a disagreement with it.
      const together = `${state.text}\n${text}`;
      if (
        state.options.includes('merchant_disagreement') &&
        disputeInWords(factsInMessage(together, extractEntities(together, { language: context.language }), context))
      ) {
        return route(memory, 'merchant_disagreement', together, classified, context, options);
      }
      // "feil beløp", "väärä summa" typed at the question: a reason to want money back from a shop
      // is the disagreement, however the classifier hears the two words (not "fel belopp på
      // fakturan", which speaks of the invoice).
      if (
        (state.options.includes('merchant_disagreement') ||
          !wordsOf(text).some((w) => INVOICE_WORDS.test(w) || PAID.test(w))) &&
        !options.hasOpenCase &&
        wordsOf(text).length <= 6 &&
        reasonAgainstAShop(text)
      )
        return route(memory, 'merchant_disagreement', together, classified, context, options);
      // Typed: the option the words are about ("fakturan", "a shop problem").
      const chosen =
        state.options.find((option) => option === classified.intent) ??
        classified.alternatives.find((a) => state.options.includes(a.intent) && a.confidence >= 0.25)?.intent;
      if (chosen && classified.confidence >= 0.3)
        return route(memory, chosen, `${state.text}\n${text}`, classified, context, options);
      // "abonnemang", then "uppsagt men dras ändå": a reason to want money back is the disagreement.
      if (!options.hasOpenCase && wordsOf(text).length <= 6 && reasonAgainstAShop(text))
        return route(memory, 'merchant_disagreement', together, classified, context, options);
      // "What is it about?" answered in words of its own ("my klarna bill has 3 charges from
      // wish.com, i only ordered once"): read as a first message is, with the misses kept.
      const said = readSmallTalk(text);
      if (wordsOf(text).length >= 5 && said === undefined)
        return step({ ...memory, state: idle(state.misses) }, text, classified, options);
      // "hejdå 👋", "thanks, found it": nothing was asked for after all.
      if (said === 'goodbye' || said === 'thanks') return smallTalkReply({ ...memory, state: idle() }, said, false);
      return undefined;
    }
    case 'collect':
      return collect(memory, state, text, payload, classified, context);
    case 'pick_purchase':
      return pickPurchase(memory, state, text, payload, classified, context);
    case 'settlement': {
      const answer = payload === SETTLEMENT_YES ? 'yes' : payload === SETTLEMENT_NO ? 'no' : settlementAnswer(text);
      if (!answer) return undefined;
      // "nei, jeg har ikke fått noe", "ja men bara hälften": what the consumer adds is their reason.
      const reason = answer === 'no' && !payload.startsWith('settlement_') ? text.trim().slice(0, 500) : undefined;
      return reply(
        memory,
        idle(),
        [],
        [{ type: 'settlement_answer', ref: state.ref, confirmed: answer === 'yes', ...(reason ? { reason } : {}) }],
      );
    }
    case 'confirm':
      return confirmAnswer(memory, state, text, payload, classified, context);
    case 'refund_reason': {
      const tapped = REFUND_REASONS.find((reason) => payload === `reason_${reason}`);
      const reason = tapped ?? readRefundReason(text);
      if (!reason) return undefined;
      return reply(memory, idle(), [], [{ type: 'record_refund_reason', ref: state.ref, reason }]);
    }
    case 'describe': {
      // "nej tack" is no description; "fel belopp" ("fel" is a no at a summary) is one.
      const yesNo = readYesNo(text);
      if (yesNo && yesNo.rest.every((w) => COURTESIES.has(w)) && wordsOf(text).length <= 2) return undefined;
      if (readSmallTalk(text)) return undefined;
      if (wordsOf(text).length === 0) return undefined;
      // A question about a case is asked, not told: it gets its answer, and the question again.
      // Without a case to tell of, "hva skjer med fakturaene hans?" is what it is about.
      if (
        ((classified.intent === 'case_status' && options.hasOpenCase) || classified.intent === 'ombudsman') &&
        classified.confidence >= 0.8
      )
        return undefined;
      const description = text.trim().slice(0, 2_000);
      if (state.intent === 'invoice' || state.intent === 'login') {
        // "det är ett köp hos Ellos på 1 349 kr, jag har aldrig handlat där": the answer tells of a report.
        const facts = factsOnce(text, classified, context);
        // "fel belopp", "die Ware kam nie": asked what is wrong, a reason to want money back from a
        // shop is the disagreement; its shop is asked next.
        const report =
          reportNamingAShop(text, classified, facts) ??
          (classified.confidence >= options.threshold &&
          (classified.intent === 'unrecognized_purchase' || classified.intent === 'merchant_disagreement')
            ? classified.intent
            : undefined) ??
          (state.intent === 'invoice' && reasonAgainstAShop(text) ? 'merchant_disagreement' : undefined);
        if (report) return startReport(memory, report, description, classified, context, [], options, facts);
        const asked = state.earlier ? `${state.earlier}\n${description}`.slice(0, 2_000) : description;
        return route(memory, state.intent, asked, classified, context, options, false, undefined, true);
      }
      if (state.intent === 'unrecognized_purchase' || state.intent === 'merchant_disagreement')
        return startReport(memory, state.intent, description, classified, context, [], options);
      return reply(memory, idle(), [], [{ type: 'open_case', intent: 'human_agent', slots: emptySlots(description) }]);
    }
    case 'offer_person': {
      // ("nah its fine ill check the app", "nee passt schon": a no, then why.)
      const answer = shortYesNo(text) ?? (opensWithNo(text) ? 'no' : undefined);
      if (answer === 'yes')
        return reply(memory, idle(), [], [{ type: 'open_case', intent: state.intent, slots: state.slots }]);
      const resume = state.resume;
      if (answer === 'no') {
        if (!resume) return reply(memory, idle(), [{ key: 'offer_declined' }]);
        // No person, then: the report goes on without the fact that was missed twice.
        const slots =
          resume.stage === 'collect'
            ? { ...resume.slots, skipped: [...resume.slots.skipped, resume.asking] }
            : resume.slots;
        return continueReport(memory, resume.intent, slots, [{ key: 'offer_declined_go_on' }]);
      }
      // The answer to the report's question after all ("499 kr"): the report goes on with it.
      if (resume) return readAnswer({ ...memory, state: resume }, resume, text, payload, classified, context, options);
      return undefined;
    }
    case 'rating': {
      const rating = readRating(text);
      if (rating !== undefined) {
        return reply(
          memory,
          { stage: 'rating_comment', ref: state.ref },
          [{ key: 'rating_comment_invite', quickReplies: [SKIP_QR] }],
          [{ type: 'rate_case', ref: state.ref, rating }],
        );
      }
      return undefined;
    }
    case 'rating_comment': {
      if (payload === SKIP || shortYesNo(text) === 'no') return reply(memory, idle(), [{ key: 'rating_thanks' }]);
      const smallTalk = readSmallTalk(text);
      if (smallTalk) return smallTalkReply(memory, smallTalk, false);
      // A clear question for the bot is not a comment: it is answered as usual.
      if (classified.confidence >= 0.6 && classified.intent !== 'other' && classified.intent !== 'greeting')
        return undefined;
      return reply(
        memory,
        idle(),
        [{ key: 'rating_thanks' }],
        [{ type: 'comment_rating', ref: state.ref, comment: text.trim().slice(0, 2_000) }],
      );
    }
    case 'idle':
      return undefined;
  }
}

/**
 * A yes or no that is the whole answer, leads a short one ("nej det hjälpte inte", "ja tack"), or
 * stands on its own before a comma ("nej, det är mer än tre dagar sedan").
 */
const NOT_HELPED_WORDS = indexPhrases(compilePhrases(NOT_HELPED));

/** "det var inte det jag frågade om", "hilft mir nicht weiter": the answer did not help, in a short reply. */
function saysNotHelped(text: string): boolean {
  const words = wordsOf(text);
  return words.length <= 12 && containsAnyPhrase(words, NOT_HELPED_WORDS);
}

/** Words that say it worked or helped, folded: "funkade", "virket", "toimi", "hat geklappt", "worked". */
const WORKED =
  /^(?:funkade|funkar|fungerade|fungerar|hjalpte|hjalp|lostes|lost|virket|virker|virka|funka|fungerte|fungerede|fungerer|toimi|toimii|onnistui|auttoi|geklappt|klappt|funktioniert|funktionierte|geholfen|worked|works|helped|fixed|sorted)$/;
/**
 * "ja det funkade när jag uppdaterade bankid appen, tack!": a yes that goes on to say it worked,
 * with no "but" or negation taking it back.
 */
function saysItWorked(text: string): boolean {
  const read = readYesNo(text);
  if (read?.answer !== 'yes' || read.rest.length > 20) return false;
  return read.rest.some((w) => WORKED.test(w)) && !read.rest.some((w) => NEGATIONS.has(w) || BUT.has(w));
}

/** "nej jeg kan ik selv rette navnet i appen", "nah its fine": a message that opens with a plain no. */
function opensWithNo(text: string): boolean {
  return NO_OPENERS.has(wordsOf(text)[0] ?? '');
}
const NO_OPENERS = new Set(['nej', 'nei', 'no', 'nein', 'ei', 'nope', 'nah', 'nee', 'nae', 'niks']);

function shortYesNo(text: string): 'yes' | 'no' | undefined {
  const read = readYesNo(text);
  if (!read) return undefined;
  if (read.rest.length <= 6) return read.answer;
  const firstClause = readYesNo(text.split(/[,.;:!?]/u)[0] ?? '');
  // "nej inte riktigt, jag behöver mer tid än så": a short first clause answers, the rest says why.
  if (!firstClause || firstClause.rest.length > 3) return undefined;
  // "yes and no, …", "ja men nej": a yes that takes itself back answers nothing.
  if (firstClause.answer === 'yes' && firstClause.rest.some((w) => NEGATIONS.has(w) || NO_WORDS.has(w)))
    return undefined;
  return firstClause.answer;
}

function readRating(text: string): number | undefined {
  const digits = text.match(/\d+/g);
  if (digits && digits.length === 1) {
    const n = Number(digits[0]);
    if (Number.isInteger(n) && n >= 1 && n <= 5) return n;
    return undefined;
  }
  const words = wordsOf(text);
  // "fyra", "neljä", "fünf", "en": a number in words, in any language, alone or with one more word.
  if (words.length <= 2)
    for (const word of words) {
      const n = numberWord(word);
      if (n !== undefined) return n >= 1 && n <= 5 ? n : undefined;
    }
  return undefined;
}

function collect(
  memory: ConversationMemory,
  state: Extract<DialogState, { stage: 'collect' }>,
  text: string,
  payload: string,
  classified: Classified,
  context: ReadContext,
): Turn | undefined {
  // "hvorfor trenger dere beløpet? dere har jo fakturaen": why it is asked, then the question again.
  if (asksWhy(text)) return reply(memory, state, [{ key: 'why_we_ask' }, ask(state.asking, state.intent)]);
  // "ved det ikke lige, skal lige finde det": they go to look; the question waits for them (twice at most).
  if (payload !== SKIP && state.misses < 2 && goesToLook(text) && !answersSlot(state.asking, text, context))
    return reply(memory, { ...state, misses: state.misses + 1 }, [
      { key: 'take_your_time' },
      ask(state.asking, state.intent),
    ]);
  const slots: Slots = { ...state.slots };
  let progressed = false;
  // "no wait, it was 69 euros" typed while the date is asked: a correction changes the fact it
  // names; a fact merely mentioned beside an answer only fills one still missing.
  const correcting = opensACorrection(text);
  let changedAnAnswer = false;
  // "899. og datoen var forresten 27/11 ikke 28": the answer, then an afterthought that corrects.
  const aside = state.asking === 'merchant' || state.asking === 'refundReason' ? undefined : correctionAside(text);
  const answer = aside?.answer ?? text;
  // "en muista tarkkaan, joskus viime viikolla": an answer that hedges but gives the value is the value.
  const hedged = saysDontKnow(text) && !answersSlot(state.asking, text, context);
  if (
    payload === SKIP ||
    (hedged && !(state.asking === 'merchant' && state.intent === 'merchant_disagreement' && state.misses === 0))
  ) {
    slots.skipped = [...slots.skipped, state.asking];
    progressed = true;
  } else if (hedged) {
    // The shop of a dispute: explained once why it is needed, then it may be left out.
    return reply(memory, { ...state, misses: state.misses + 1 }, [
      { key: 'shop_needed' },
      ask('merchant', state.intent),
    ]);
  } else {
    switch (state.asking) {
      case 'refundReason': {
        const tapped = REFUND_REASONS.find((reason) => payload === `reason_${reason}`);
        const reason = tapped ?? readRefundReason(text);
        if (reason) {
          slots.refundReason = reason;
          progressed = true;
        }
        break;
      }
      case 'merchant': {
        if (PAYLOAD_TEXTS.has(payload)) return reply(memory, state, [ask('merchant', state.intent)]);
        if (readYesNo(text) && wordsOf(text).length <= 3) break;
        // "Hemköp... no wait, it was the garden centre, Blomsterlandet": the name after the taking back.
        const takenBack = afterMidCorrection(text);
        const corrected = readCorrection(text, classified.entities, context);
        const read = takenBack
          ? readShop(takenBack, context.language)
          : (corrected?.shop ?? readShop(text, context.language));
        // "onko asiassani tapahtunut mitään?", "har det hänt nåt?": a question of their own, begun
        // with its first word, is no shop's name (one asked about, "vem är Qvicko AB?", still is).
        const asksOwn = /\?\s*$/u.test(text) && wordsOf(text).length >= 3 && QUESTION_OPENERS.has(wordsOf(text)[0]!);
        // "sidste træk var 1. december": a sentence in lower case that gives a date or an amount
        // answers something else; its words are no shop's name.
        const otherFact =
          read !== undefined &&
          corrected?.shop === undefined &&
          !/\p{Lu}/u.test(text) &&
          wordsOf(read).some((w) => COPULAS.has(w)) &&
          (corrected?.date !== undefined || corrected?.amount !== undefined);
        // "vorgestern", "i förrgår" at the shop question: a day, which the date takes, not a name.
        const name = read && (asksOwn || otherFact || onlyADay(read)) && !knownShop(read) ? undefined : read;
        if (name) {
          slots.merchant = name.slice(0, 200);
          progressed = true;
        }
        // Other facts in the same answer fill what is still missing, never overwrite an answer.
        if (corrected) {
          const before = { ...slots, merchant: state.slots.merchant };
          const applied = applyFacts(slots, { ...corrected, shop: undefined }, !correcting);
          changedAnAnswer = applied && changesAnAnswer(before, slots);
          progressed = applied || progressed;
        }
        break;
      }
      case 'amount': {
        // "212,50 ja päiväys siinä on 28.11.": the answer's first clause, when the whole holds more numbers.
        // "jotain kuussataa... oota, 649,00": the sum after the taking back.
        const takenBack = afterMidCorrection(answer);
        const amount =
          (takenBack !== undefined ? readAmount(takenBack, context.language, context.market) : undefined) ??
          readAmount(answer, context.language, context.market) ??
          readAmount(leadingClause(answer), context.language, context.market) ??
          amountOpening(answer, context.language, context.market) ??
          // "fakturaen er på 1799 men den kostet 1299 i butikken": the billed one of two.
          billedInStory(answer, context) ??
          readBilledClause(answer, context);
        if (amount) {
          Object.assign(slots, { amountMinor: amount.amountMinor, currency: amount.currency, amountText: null });
          progressed = true;
        }
        break;
      }
      case 'date': {
        // "I emailed them on friday" tells when they wrote, not when they bought.
        const date = purchaseDate(answer, context.today, {
          asAnswer: true,
          monthFirst: dateReading(context).monthFirst,
        });
        if (date) {
          Object.assign(slots, { date: date.date, dateSpan: date.span, dateText: null });
          progressed = true;
        } else if (
          contactStatement(answer) === undefined &&
          (readDate(answer, context.today, { asAnswer: true, ...dateReading(context) }) !== undefined ||
            vagueTime(answer))
        ) {
          // "den levererades 20 november": only another day than the purchase's is known; the
          // question is left unanswered rather than asked again (a day of writing to the shop
          // answers the question whether they were contacted, and the date is asked again).
          // "irgendwann im Sommer": a time too vague to date it by is left unanswered too.
          slots.skipped = [...slots.skipped, 'date'];
          progressed = true;
        }
        break;
      }
      case 'contactedMerchant': {
        const contacted = payload === CONTACTED_YES ? true : payload === CONTACTED_NO ? false : readContacted(answer);
        if (contacted !== undefined) {
          slots.contactedMerchant = contacted;
          progressed = true;
        }
        break;
      }
    }
    // Whatever else the answer says ("499 kr på Zalando i går") fills the other slots too.
    if (state.asking !== 'merchant') {
      // (With an afterthought, only the answer's own words: the afterthought is read below.)
      const entities = aside ? extractEntities(answer, { language: context.language }) : classified.entities;
      const facts = readCorrection(answer, entities, context) ?? {};
      // "Gigantti" typed when the amount was asked: a listed shop's name alone is the shop.
      if (!facts.shop && !slots.merchant && wordsOf(text).length <= 3) {
        const listed = knownShop(text.trim().replace(/(?<![.!])[.!]+$/u, ''));
        if (listed) facts.shop = listed;
      }
      // "ja, mejlade dem i fredags" typed at the date question: it tells that the shop was contacted.
      if (facts.contacted === undefined && state.intent === 'merchant_disagreement') {
        const contacted = contactStatement(answer);
        if (contacted !== undefined) facts.contacted = contacted;
      }
      if (state.asking === 'amount') delete facts.amount;
      if (state.asking === 'date') delete facts.date;
      if (state.asking === 'contactedMerchant') delete facts.contacted;
      const before = { ...slots };
      const applied = applyFacts(slots, facts, !correcting);
      // The afterthought corrects: what it names replaces what was given, the answer just typed too.
      const corrected = aside
        ? readCorrection(aside.aside, extractEntities(aside.aside, { language: context.language }), context)
        : undefined;
      const appliedAside = corrected !== undefined && applyFacts(slots, corrected);
      // (Said only of an answer given before: "34,80 e eiku 38,40 e" just answers.)
      changedAnAnswer =
        (applied && changesAnAnswer(before, slots)) || (appliedAside && changesAnAnswer(state.slots, slots));
      progressed = applied || appliedAside || progressed;
    }
  }
  // "Apotea har fakturerat mig två gånger för samma beställning, jag beställde i fredags": told in
  // full, a purchase of the consumer's own that went wrong; a report taken for one not made becomes
  // the disagreement it is (a shop's name or a date alone never changes it).
  let intent = state.intent;
  let switched = false;
  // (Only a reason to want money back or a cancellation can make it one: the whole message's
  // facts are read only then, a long answer costing less.)
  if (intent === 'unrecognized_purchase' && wordsOf(text).length >= 6 && mayTellOwnPurchase(text)) {
    const told = factsInMessage(text, classified.entities, context);
    // "nåh nej vent, det er mit headset! … det er bare aldrig kommet frem": the shop is the report's.
    if (ownPurchaseGoneWrong(text, { ...told, shop: told.shop ?? slots.merchant ?? undefined })) {
      intent = 'merchant_disagreement';
      applyFacts(slots, told, true);
      // The case tells both: what was reported and what it turned out to be.
      slots.description = `${slots.description}\n${text.trim()}`.slice(0, 2_000);
      progressed = true;
      switched = true;
    }
  }
  if (!progressed) return undefined;
  const lines: Line[] =
    state.asking === 'contactedMerchant' && slots.contactedMerchant === false ? [{ key: 'tip_contact_merchant' }] : [];
  if (changedAnAnswer) lines.unshift({ key: 'correction_taken' });
  // The consumer hears that it is a dispute now.
  if (switched) lines.unshift({ key: 'collect_intro_dispute' });
  const next = nextSlot(intent, slots);
  if (next)
    return reply(memory, { stage: 'collect', intent, slots, asking: next, misses: 0 }, [...lines, ask(next, intent)]);
  return reply(memory, { stage: 'confirm', intent, slots, editing: false, misses: 0 }, [
    ...lines,
    ...summary(intent, slots),
  ]);
}

function confirmAnswer(
  memory: ConversationMemory,
  state: Extract<DialogState, { stage: 'confirm' }>,
  text: string,
  payload: string,
  classified: Classified,
  context: ReadContext,
): Turn | undefined {
  if (payload === PAYLOADS.confirm)
    return reply(memory, idle(), [], [{ type: 'open_case', intent: state.intent, slots: state.slots }]);
  if (payload === PAYLOADS.edit)
    return reply(memory, { ...state, editing: true, misses: 0 }, [{ key: 'ask_edit', expects: 'confirm' }]);
  // "nei vent, nå skjønner jeg. det er gardinene jeg bestilte … de har aldri kommet": the purchase
  // not recognised was the consumer's own after all, gone wrong; the report becomes that dispute.
  if (state.intent === 'unrecognized_purchase' && wordsOf(text).length >= 6) {
    const told = factsInMessage(text, classified.entities, context);
    if (ownPurchaseGoneWrong(text, { ...told, shop: told.shop ?? state.slots.merchant ?? undefined })) {
      const slots = {
        ...state.slots,
        skipped: [...state.slots.skipped],
        description: `${state.slots.description}\n${text.trim()}`.slice(0, 2_000),
      };
      applyFacts(slots, told);
      return continueReport(memory, 'merchant_disagreement', slots, [{ key: 'collect_intro_dispute' }]);
    }
  }
  // A correction changes its fact and shows the summary again; it never changes the matter.
  // ("Zalando… nei vent, det var Boozt": what comes after the taking back is the correction.)
  const takenBack = afterMidCorrection(text);
  const correction =
    (takenBack && readCorrection(takenBack, extractEntities(takenBack, { language: context.language }), context)) ||
    readCorrection(text, classified.entities, context);
  if (correction) {
    const slots = { ...state.slots, skipped: [...state.slots.skipped] };
    applyFacts(slots, correction);
    return reply(
      memory,
      { stage: 'confirm', intent: state.intent, slots, editing: false, misses: 0 },
      summary(state.intent, slots),
    );
  }
  const answer = readYesNo(text) ?? trailingYes(text);
  // "nei, Platekompaniet": a no and a name typed with a capital put that shop in place.
  if (answer?.answer === 'no' && answer.rest.length >= 1 && answer.rest.length <= 3) {
    // What follows the no, as typed ("Nei!! Platekompaniet").
    const typed = text
      .trim()
      .replace(/^\p{L}+[\s,.!]*/u, '')
      .replace(/(?<![.!])[.!]+$/u, '');
    const typedWords = typed.split(/\s+/u).filter(Boolean);
    // A name's words ("Clas Ohlson", "H&M"): not a sentence ("Beloppet är fel") nor a fact's
    // word ("Datumet"); more than one word only for a listed shop or one with its company form.
    const nameLike =
      typedWords.length > 0 &&
      typedWords.every((w) => /^[\p{Lu}\p{N}&]/u.test(w) && !NOT_A_NAME.test(plain(w))) &&
      (typedWords.length === 1 || knownShop(typed) !== undefined || COMPANY_FORM_LAST.test(typed));
    const name = nameLike ? readShop(typed, context.language) : undefined;
    if (name) {
      const slots = { ...state.slots, merchant: name.slice(0, 200) };
      return reply(
        memory,
        { stage: 'confirm', intent: state.intent, slots, editing: false, misses: 0 },
        summary(state.intent, slots),
      );
    }
  }
  if (answer?.answer === 'yes' && answer.rest.length <= 6)
    return reply(memory, idle(), [], [{ type: 'open_case', intent: state.intent, slots: state.slots }]);
  // "ja det stämmer. hur lång tid brukar det ta?": the summary said to be right in its own
  // sentence, then a question: the report is sent.
  const firstSentence = readYesNo(text.split(/[.!?\n]/u)[0] ?? '');
  if (
    firstSentence?.answer === 'yes' &&
    firstSentence.rest.length <= 4 &&
    !firstSentence.rest.some((w) => NEGATIONS.has(w) || VAGUE_WORDS.test(w)) &&
    !/\d/u.test(text)
  )
    return reply(memory, idle(), [], [{ type: 'open_case', intent: state.intent, slots: state.slots }]);
  if (answer?.answer === 'no' && answer.rest.length <= 4)
    return reply(memory, { ...state, editing: true, misses: 0 }, [{ key: 'ask_edit', expects: 'confirm' }]);
  // While editing, a bare shop name is the correction ("Zalando").
  if (state.editing) {
    const name = readShop(text, context.language);
    if (name && wordsOf(text).length <= 3 && /^\p{Lu}/u.test(name)) {
      const slots = { ...state.slots, merchant: name };
      return reply(
        memory,
        { stage: 'confirm', intent: state.intent, slots, editing: false, misses: 0 },
        summary(state.intent, slots),
      );
    }
  }
  return undefined;
}

/** "fick en faktura idag", "mulle tuli lasku", "I got an invoice": that an invoice came, and nothing more. */
function onlyAnInvoiceCame(text: string): boolean {
  const words = wordsOf(text);
  return (
    words.length <= 6 &&
    !text.includes('?') &&
    words.some((w) => RECEIVED.test(w)) &&
    words.some((w) => INVOICE_WORDS.test(w))
  );
}

/** Words a reply may hold that name no shop: a fact's name, a judgement, a yes or no. Folded. */
const NOT_A_NAME =
  /^(?:datum\w*|dato\w*|date|belopp\w*|belob\w*|belop\w*|betrag\w*|amount|summa\w*|butik\w*|shop\w*|store|kauppa\w*|paiva\w*|wrong|fel|feil|falsch|forkert|inte|ikke|nicht|not|ok|okay|okej|rigtigt|riktig\w*|richtig|right|correct|korrekt|oikein|ja|nej|nei|nein|yes|no|ei)$/;
const COMPANY_FORM_LAST = /\s(?:AB|AS|ASA|ApS|A\/S|Oy|Oyj|GmbH|AG|KG|Ltd|Inc|LLC)\.?$/u;

/**
 * "kai se noin menee, joo", "I guess that's it, yes": a short answer whose last clause is a bare
 * yes (the words before it hedge, they change nothing). Undefined for anything else.
 */
function trailingYes(text: string): ReturnType<typeof readYesNo> {
  const clauses = text.split(/[,.;:!?]+/u).filter((clause) => wordsOf(clause).length > 0);
  if (clauses.length < 2 || wordsOf(text).length > 8 || /\d/.test(text)) return undefined;
  const last = readYesNo(clauses.at(-1)!);
  if (last?.answer !== 'yes' || last.rest.length > 0) return undefined;
  // "Beloppet är fel, ja", "The amount is wrong, yes": something before it is wrong.
  const before = wordsOf(clauses.slice(0, -1).join(' '));
  if (before.some((w) => VAGUE_WORDS.test(w) || NEGATIONS.has(w))) return undefined;
  return { answer: 'yes', rest: [] };
}

/** "varför behöver ni datumet?", "why do you need that?": a question why, asked back. Folded. */
const WHY_WORDS = new Set(['varfor', 'hvorfor', 'miksi', 'minka', 'warum', 'wieso', 'weshalb', 'why']);
function asksWhy(text: string): boolean {
  if (!text.includes('?')) return false;
  const words = wordsOf(text);
  // After a "but" or "ok" at most: "men varför behöver ni det?", "ok but why?".
  const at = words.findIndex((w) => WHY_WORDS.has(w));
  // Why it is asked or needed, not why something happened ("varför har jag fått en faktura?").
  return at >= 0 && at <= 2 && words.length <= 20 && words.some((w) => ASKING_WORDS.test(w));
}
const ASKING_WORDS =
  /^(?:behover|behovs|trenger|trengs|brug|behov|sporger|spor|sporre|fragar|fraga|fragt|fragen|frag|brauchen|braucht|need|needs|ask|asking|tarvitsette|tarvitaan|tarvii|kysytte|kysyt|kysyy|wissen|vite|veta|vide|tietaa|know|viktigt|vigtigt|viktig|wichtig|important|relevant|tarpeen)$/;

/** Words a question of the consumer's own opens with ("onko", "har det", "is there"): then it is no shop's name. Folded. */
const QUESTION_OPENERS = new Set([
  'onko',
  'onks',
  'oliko',
  'mika',
  'milloin',
  'miten',
  'har',
  'ar',
  'er',
  'hur',
  'hvordan',
  'hvad',
  'vad',
  'nar',
  'nar',
  'kan',
  'finns',
  'ist',
  'hat',
  'gibt',
  'wie',
  'wann',
  'was',
  'kann',
  'is',
  'has',
  'have',
  'did',
  'can',
  'what',
  "what's",
  'whats',
  'when',
  'how',
  "how's",
  'hows',
  'where',
  "where's",
  'wheres',
  'why',
  'any',
  'anything',
  'noe',
  'nagot',
  'nat',
]);

/** Whether `text` holds a value for the slot asked (read as that slot's answer). */
function answersSlot(slot: SlotName, text: string, context: ReadContext): boolean {
  switch (slot) {
    case 'amount': {
      // "en muista tarkkaan, jotain kuussataa... oota, 649,00": remembered after all.
      const takenBack = afterMidCorrection(text);
      return readAmount(takenBack ?? text, context.language, context.market) !== undefined;
    }
    case 'date':
      return (
        readDate(text, context.today, { asAnswer: true, monthFirst: dateReading(context).monthFirst }) !== undefined
      );
    case 'merchant': {
      // "aner ikke, det står Fjordlys AS": a hedge that still names the shop, written as a name.
      const name = readShop(text, context.language);
      return name !== undefined && /^\p{Lu}/u.test(name) && text.includes(name.split(' ')[0]!);
    }
    // "no didnt know I had to do that", "visste inte att jag behövde": not knowing one had to is a no.
    case 'contactedMerchant':
      return readContacted(text) !== undefined;
    case 'refundReason':
      return false;
  }
}

/** Writes read facts into slots; returns whether anything changed. `onlyMissing`: keep what is known. */
/** Whether a fact already given (shop, amount, date) now reads otherwise. */
function changesAnAnswer(before: Slots, after: Slots): boolean {
  return (
    (before.merchant !== null && before.merchant !== after.merchant) ||
    (before.amountMinor !== null && (before.amountMinor !== after.amountMinor || before.currency !== after.currency)) ||
    (before.date !== null && before.date !== after.date)
  );
}

function applyFacts(slots: Slots, facts: Facts, onlyMissing = false): boolean {
  let changed = false;
  // A picked purchase is that shop, amount and order: correcting one of them is another purchase.
  if (
    slots.purchaseId !== null &&
    ((facts.shop && facts.shop !== slots.merchant) ||
      (facts.amount && facts.amount.amountMinor !== slots.amountMinor) ||
      (facts.orderNumber && facts.orderNumber !== slots.orderNumber)) &&
    !onlyMissing
  ) {
    slots.purchaseId = null;
  }
  if (facts.shop && (!onlyMissing || slots.merchant === null)) {
    slots.merchant = facts.shop.slice(0, 200);
    slots.skipped = slots.skipped.filter((s) => s !== 'merchant');
    changed = true;
  }
  if (facts.amount && (!onlyMissing || slots.amountMinor === null)) {
    slots.amountMinor = facts.amount.amountMinor;
    slots.currency = facts.amount.currency;
    slots.amountText = null;
    slots.skipped = slots.skipped.filter((s) => s !== 'amount');
    changed = true;
  }
  if (facts.date && (!onlyMissing || slots.date === null)) {
    slots.date = facts.date.date;
    slots.dateSpan = facts.date.span;
    slots.dateText = null;
    slots.skipped = slots.skipped.filter((s) => s !== 'date');
    changed = true;
  }
  if (facts.contacted !== undefined && (!onlyMissing || slots.contactedMerchant === null)) {
    slots.contactedMerchant = facts.contacted;
    changed = true;
  }
  if (facts.refundReason && (!onlyMissing || slots.refundReason === null)) {
    slots.refundReason = facts.refundReason;
    changed = true;
  }
  if (facts.orderNumber && slots.orderNumber === null) {
    slots.orderNumber = facts.orderNumber;
    changed = true;
  }
  return changed;
}

/** The question again, with an example of an answer; after two misses a person is offered, the report kept. */
function miss(memory: ConversationMemory, state: DialogState, question: Line[]): Turn {
  const misses = ('misses' in state ? state.misses : 0) + 1;
  const report = reportOf(state);
  if (misses >= MAX_MISSES && state.stage !== 'clarify') {
    return reply(
      memory,
      {
        stage: 'offer_person',
        intent: report?.intent ?? 'human_agent',
        slots: report?.slots ?? emptySlots(''),
        ...(state.stage === 'collect' || state.stage === 'confirm' ? { resume: { ...state, misses: 0 } } : {}),
      },
      [{ key: 'offer_human', expects: 'yes_no', quickReplies: [HUMAN_QR] }],
    );
  }
  if (misses > MAX_MISSES) return reply(memory, idle(0), [{ key: 'offer_human', quickReplies: [HUMAN_QR] }]);
  const expects = question.at(-1)?.expects;
  const example: Line[] = expects ? [{ key: EXAMPLE[expects] }] : [];
  return reply(memory, { ...state, misses } as DialogState, [...example, ...question]);
}

function reportOf(state: DialogState): { intent: Intent; slots: Slots } | undefined {
  if (state.stage === 'collect' || state.stage === 'confirm' || state.stage === 'pick_purchase')
    return { intent: state.intent, slots: state.slots };
  if (state.stage === 'helped') return { intent: state.intent, slots: emptySlots(state.description) };
  return undefined;
}

/**
 * A message that names a shop and reads as a report about a purchase, even when the classifier is
 * not sure which ("hörlurarna jag köpte på Elgiganten funkar inte"): the most likely of the two
 * report intents, when it is among the three likeliest with some weight. The summary the consumer
 * confirms shows what was understood, so a wrong guess costs one correction, not a dead end.
 */
function reportNamingAShop(
  text: string,
  classified: Classified,
  facts: () => Facts,
): 'unrecognized_purchase' | 'merchant_disagreement' | undefined {
  const ranked = [{ intent: classified.intent, confidence: classified.confidence }, ...classified.alternatives].slice(
    0,
    3,
  );
  let disowned: boolean | undefined;
  // "what is PZN Retail ApS?? they charged me 275 dkk": a shop asked about is one not known.
  const notMine = () => (disowned ??= containsAnyPhrase(wordsOf(text), NOT_MINE) || ASKS_WHO_A_SHOP_IS.test(text));
  if (
    classified.intent === 'invoice' ||
    classified.intent === 'other' ||
    classified.intent === 'merchant_disagreement'
  ) {
    // A shop and what went wrong with the purchase ("charged twice by Stockmann", "fick fel storlek
    // från Lindex och nu vill dom att jag betalar"): a disagreement with that shop, even when the
    // words sound like an invoice question. The summary shows what was understood.
    if (disputeInWords(facts())) return 'merchant_disagreement';
    // "abbuchung beim Fahrradladen Rad & Tat über EUR 45 am samstag, war ich nich": a shop, what it
    // charged, and the consumer disowning it is a purchase they do not recognise.
    if (
      classified.intent !== 'merchant_disagreement' &&
      notMine() &&
      facts().shop &&
      (facts().amount || facts().date || wordsOf(text).some((w) => A_PURCHASE.test(w))) &&
      !ownPurchaseGoneWrong(text, facts())
    )
      return 'unrecognized_purchase';
    // "Stockmannin lasku vaikka en oo ostanu mitään": a shop's invoice for nothing the consumer
    // bought, and no reason to want money back from it, is a purchase they do not recognise.
    if (
      classified.intent === 'merchant_disagreement' &&
      classified.confidence < 0.9 &&
      !facts().refundReason &&
      notMine() &&
      !ownPurchaseGoneWrong(text, facts())
    )
      return 'unrecognized_purchase';
  }
  // "Fick aldrig min beställning från Trädgårdsboden": an order that never came, a return, a
  // refused refund are about a purchase the consumer made: a disagreement, not an unknown purchase.
  if (classified.intent === 'unrecognized_purchase' && ownPurchaseGoneWrong(text, facts()))
    return 'merchant_disagreement';
  const report = ranked.find((r) => r.intent === 'merchant_disagreement' || r.intent === 'unrecognized_purchase');
  if (!report || report.confidence < 0.25) return undefined;
  if (ranked[0]!.intent === report.intent && classified.confidence >= 0.6) return undefined; // already sure
  if (ranked[0]!.confidence >= 0.8 && ranked[0]!.intent !== report.intent) return undefined; // sure of something else
  const { shop, amount, date } = facts();
  // "a purchase from Apotek Hjärtat i dont know it": a shop and a purchase disowned need no sum yet.
  const disownedPurchase =
    report.intent === 'unrecognized_purchase' && notMine() && wordsOf(text).some((w) => A_PURCHASE.test(w));
  if (!shop || (!amount && !date && !disownedPurchase)) return undefined;
  return report.intent as 'unrecognized_purchase' | 'merchant_disagreement';
}

const NOT_MINE = indexPhrases(compilePhrases(NOT_MY_PURCHASE));
const WITHDRAWN = indexPhrases(compilePhrases(REPORT_WITHDRAWN));
const FAMILY_PHRASES = compilePhrases(FAMILY_BUYERS);
const FAMILY = indexPhrases(FAMILY_PHRASES);
const IT_WAS = new Set([
  'var',
  'er',
  'was',
  'war',
  'oli',
  'olikin',
  'ist',
  'nog',
  'nok',
  'vist',
  'wohl',
  'varmaan',
  'probably',
  'actually',
]);

/**
 * "strunta i det, ni behöver inte göra nåt", "never mind", or, of a purchase not recognised, "det
 * var nog min son": the report is taken back. Not when the message corrects a fact ("glöm det,
 * beloppet var 499 kr").
 */
function takesReportBack(text: string, intent: Intent, classified: Classified, context: ReadContext): boolean {
  const words = wordsOf(text);
  if (words.length > 40) return false;
  const withdrawn = containsAnyPhrase(words, WITHDRAWN);
  // A family member named within three words after "it was" ("det var nog min son").
  const someoneElse =
    intent === 'unrecognized_purchase' &&
    words.some(
      (_, i) =>
        phraseAt(words, i, FAMILY) !== undefined && words.slice(Math.max(0, i - 3), i).some((w) => IT_WAS.has(w)),
    );
  if (!withdrawn && !someoneElse) return false;
  const corrected = readCorrection(text, classified.entities, context);
  // "das war bestimmt meine Freundin": the one who bought it is no shop's name.
  const shop = corrected?.shop && !FAMILY_PHRASES.some((phrase) => phrase.at(-1) === wordsOf(corrected.shop!).at(-1));
  return !(shop || corrected?.amount || corrected?.date);
}
/** "what is PZN Retail ApS??", "vem är Qvicko AB?", "wer ist Quaxo Ltd?": a capitalised name asked about. */
const ASKS_WHO_A_SHOP_IS =
  /(?:^|[\s.!?,])(?:[Ww]hat|[Ww]ho|[Vv]ad|[Vv]em|[Hh]va|[Hh]vem|[Hh]vad|[Ww]as|[Ww]er|[Mm]ikä|[Kk]uka)\s+(?:is|are|är|er|ist|on)\s+\p{Lu}[^?\n]{0,40}\?/u;
/** More than the price at the till or in the cart, said of the invoice. */
const ABOVE_THE_PRICE = indexPhrases(
  compilePhrases([
    'more than what i paid at checkout',
    'more than i paid at checkout',
    'more than the price at checkout',
    'more than it said at checkout',
    'more than the checkout price',
    'mer än i kassan',
    'mer än det stod i kassan',
    'mer än priset i butiken',
    'mer enn i kassen',
    'mer enn prisen i butikken',
    'mere end i kassen',
    'mere end prisen i butikken',
    'enemmän kuin kassalla',
    'enemmän kuin hinta kaupassa',
    'mehr als an der kasse',
    'mehr als im warenkorb',
    'mehr als der preis im laden',
  ]),
);
/** A purchase or a charge named as such ("a purchase from Apotek Hjärtat i dont know it"). Folded. */
const A_PURCHASE =
  /^(?:purchase|charge|payment|kop|kopet|kjop|kjopet|kob|kobet|kauf|einkauf|abbuchung|ostos|ostoksen|veloitus|dragning|trekk|traek)$/;
/** The sum of the clause that says what was billed, when an answer holds several. */
function readBilledClause(answer: string, context: ReadContext): ReturnType<typeof readAmount> {
  const clause = billedClause(answer);
  return clause === undefined ? undefined : readAmount(clause, context.language, context.market);
}

/** One purchase charged more than once, said of the shop, not of the consumer's own paying twice. */
function chargedTwiceByAShop(text: string): boolean {
  const words = wordsOf(text);
  return words.length <= 25 && saysChargedTwice(words) && !words.some((w) => PAID.test(w) || INVOICE_WORDS.test(w));
}

/** A purchase or a charge, and words that disown it, in a message of a sentence or two. */
function disownsACharge(text: string): boolean {
  const words = wordsOf(text);
  return (
    words.length <= 25 &&
    words.some((w) => A_PURCHASE.test(w) || INVOICE_WORDS.test(w)) &&
    containsAnyPhrase(words, NOT_MINE) &&
    // (A question about it is another matter, unless it is only the charge: "ukendt betaling på fakturaen??".)
    (!text.includes('?') || words.length <= 5)
  );
}
const NO_COMPLAINT_WORDS = indexPhrases(compilePhrases(NO_COMPLAINT));
const WHAT_NOW_WORDS = indexPhrases(compilePhrases(WHAT_NOW));
const ANYONE_ON_IT_WORDS = indexPhrases(compilePhrases(ANYONE_ON_IT));

/** The closing question of a long message that says nothing is wrong with the purchase; undefined otherwise. */
function questionAfterNoComplaint(text: string): string | undefined {
  const words = wordsOf(text);
  // The question may stand last or before a closing remark ("När måste jag betala den senast? Det
  // är för en tröja … inget fel på den alltså").
  const question = sentencesOf(text)
    .filter((sentence) => /\?[\s\p{Extended_Pictographic}]*$/u.test(sentence))
    .at(-1);
  if (words.length < 20 || question === undefined) return undefined;
  // "not happy with", "inte alls nöjd med", "en ole tyytyväinen": a complaint after all.
  const fine = words.some(
    (_, i) =>
      phraseAt(words, i, NO_COMPLAINT_WORDS) !== undefined &&
      !words.slice(Math.max(0, i - 2), i).some((w) => NEGATIONS.has(w)),
  );
  if (!fine) return undefined;
  return question.trim();
}

/**
 * "fel belopp", "wrong amount", "uppsagt men dras ändå": a reason to want money back from a shop,
 * not our own charges or a payment ("Mahngebühr zu viel", "my payment did not arrive"), and not a
 * bare "does not work" (an app or a login fails too).
 */
function reasonAgainstAShop(text: string): boolean {
  const reason = readRefundReason(text);
  if (reason === undefined || reason === 'faulty') return false;
  return !wordsOf(text).some((w) => OUR_OWN_CHARGES.test(w));
}
const OUR_OWN_CHARGES =
  /^(?:avgift\w*|gebyr\w*|gebuhr\w*|mahn\w*|fee|fees|interest|ranta|rantan|korko\w*|zins\w*|rente\w*|paminnelse\w*|purring\w*|rykker\w*|muistutus\w*|betalning\w*|betaling\w*|zahlung\w*|payment\w*|maksu\w*|inbetalning\w*|indbetaling\w*|innbetaling\w*|uberweisung\w*|ocr|kid|app|appen|login|bankid|mitid)$/;

/** Words for a payment or a charge, folded: "betaling", "Abbuchung", "maksu", "charge". */
const PAYMENT_WORD =
  /^(?:betalning|betaling|betalingen|betalningen|dragning|dragningen|trekk|trekket|traek|traekket|abbuchung|zahlung|maksu|maksun|veloitus|veloituksen|payment|charge)$/;
/** Verbs of paying still to be done, folded: "betala", "bezahlen", "maksaa", "pay". */
const PAY_VERB = /^(?:betala|betale|bezahlen|zahlen|maksaa|maksan|maksella|pay|paying)$/;
/** Words for paying (the invoice itself is INVOICE_WORDS). Folded. */
const PAID = /^(?:paid|pay|betalt|betalat|betalade|betalte|bezahlt|maksoin|maksanut|uberwiesen)$/;
/** Greeting and politeness words, folded: "hej", "guten", "tag", "bitte", "please", "kiitos". */
const COURTESIES = new Set([...GREETINGS.flatMap((g) => wordsOf(g)), ...POLITE_WORDS.map((w) => wordsOf(w)[0]!)]);

/** The message's facts, read at most once a turn (a long message costs milliseconds to read). */
function factsOnce(text: string, classified: Classified, context: ReadContext): () => Facts {
  let read: Facts | undefined;
  return () => (read ??= factsInMessage(text, classified.entities, context));
}
const ESCALATION_WORDS = indexPhrases(compilePhrases(WANTS_ESCALATION));
const FINAL_STATEMENT_WORDS = indexPhrases(compilePhrases(WANTS_FINAL_STATEMENT));

const PERSON_WORDS = indexPhrases(compilePhrases(WANTS_PERSON));

/** "i want to talk to someone real", "ich möchte mit einem Menschen sprechen": a person asked for in words. */
function wantsPerson(text: string): boolean {
  const words = wordsOf(text);
  if (!containsAnyPhrase(words, PERSON_WORDS)) return false;
  // "I tried to talk to someone at the shop", "prata med någon i butiken": the shop's people, not ours.
  for (let i = 0; i < words.length; i++) {
    const phrase = phraseAt(words, i, PERSON_WORDS);
    if (!phrase) continue;
    const before = words.slice(Math.max(0, i - 3), i);
    const after = words.slice(i + phrase.length, i + phrase.length + 3);
    // "at Zalando", "hos Zalando", "i butiken", "there"; not "i røret" (on the phone).
    const atTheShop = after.some((w) => AT_THE_SHOP.test(w));
    if (!before.some((w) => TRIED.test(w)) && !atTheShop) return true;
  }
  return false;
}
// "I tried to talk to someone", "till slut fick jag prata med någon", "ich wollte mit jemandem sprechen": a story.
const TRIED =
  /^(?:tried|trying|wanted|finally|got|asked|forsokte|forsokt|fick|ville|provde|provet|fikk|provede|fik|versucht|versuchte|wollte|durfte|konnte|yritin|yrittanyt|halusin|sain|pyysin)$/;
const AT_THE_SHOP =
  /^(?:at|in|hos|bei|im|there|dort|der|butiken|butikken|butikk|butik|shop|store|laden|geschaft|kaupassa|kaupasta|liikkeessa|myymalassa)$/;

/** "jag vill ha ett slutligt besked", "I want a final statement": the company's formal last answer. */
export function wantsFinalStatement(text: string): boolean {
  return containsAnyPhrase(wordsOf(text), FINAL_STATEMENT_WORDS);
}

/**
 * "Wie wende ich mich an Ihren Kundenombudsmann?", "kundombudet", "kundeombudet",
 * "asiakasasiamies": our ombudsman named (not "ombudet" or "postombud", a parcel point, nor the
 * public consumer ombudsman). Folded words.
 */
function namesOmbudsman(words: readonly string[]): boolean {
  return words.some((w) => /^(?:kund|kunde|kunden)ombud|^ombudsm|^asiakasasiam/.test(w));
}

const FINAL_STATEMENT_GIVEN_WORDS = indexPhrases(compilePhrases(FINAL_STATEMENT_GIVEN));
// "I want your final decision", "jag vill ha ert slutgiltiga besked": asked for, not given. Folded.
const WANT_WORD =
  /^(?:vill|ville|onskar|onsker|want|wants|need|mochte|will|brauche|haluan|haluaisin|trenger|behover|bekomme|kriege|far|faar|ge|gi|give|get|receive|wann|when|nar|hvornar|milloin|saan|saanko)$/;
// Whose final statement: ours ("ert slutgiltiga besked", "your final decision", "Ihre
// abschließende Stellungnahme"), not a shop's ("Zalando hat endgültig abgelehnt"). Folded.
const OURS =
  /^(?:ert|er|era|ni|dere|deres|dykk|dykkar|jer|jeres|your|you|ihre|ihr|ihnen|eure|euer|euch|teidan|teilta|te|klarna)$/;

const GIVEN_WORD =
  /^(?:fick|fatt|gav|gett|med|fikk|fik|faet|gave|given|got|received|gab|bekam|bekommen|erhalten|mit|sain|saanut|saimme|antoi|annoitte)$/;

/** "Jag fick ert slutgiltiga besked i fredags", "your final answer was no": a final statement given, told by the consumer. */
export function toldOfFinalStatement(text: string): boolean {
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) {
    const before = words.slice(Math.max(0, i - 3), i);
    const near = words.slice(Math.max(0, i - 8), i + 8);
    // Ours, not a shop's, and not asked for ("Wann bekomme ich Ihre endgültige Entscheidung?").
    if (!near.some((w) => OURS.test(w)) || before.some((w) => WANT_WORD.test(w))) continue;
    // "stängde ärendet med ett slutgiltigt besked", "I got a final answer": a statement's words
    // that could ask for one, after a word that says it was given.
    if (phraseAt(words, i, FINAL_STATEMENT_WORDS) && before.some((w) => GIVEN_WORD.test(w))) return true;
    if (phraseAt(words, i, FINAL_STATEMENT_GIVEN_WORDS)) return true;
  }
  return false;
}

/**
 * What the ombudsman's matter asks for: a complaint about a case ("jag vill klaga") goes higher
 * (the final statement asked for); otherwise the ombudsman's way is told, and with it how to send
 * the request when the consumer says they already have our final statement.
 */
function ombudsmanEffect(text: string): Effect {
  if (toldOfFinalStatement(text)) return { type: 'ombudsman_info', finalStatementTold: true };
  if (wantsEscalation(text)) return { type: 'escalation_request', text: text.trim().slice(0, 2_000) };
  return { type: 'ombudsman_info' };
}

/**
 * "miten mun reklamaatio hoidettiin … haluun valittaa", "jag vill klaga på hur ni skötte mitt
 * ärende", "unhappy with how my claim was handled": discontent, or a wish to complain, about how a
 * case was handled or decided, no shop named.
 */
function complainsOfHandling(text: string, context: ReadContext): boolean {
  const words = wordsOf(text);
  const handled = words.findIndex((w) => HANDLED.test(w));
  if (handled < 0 || !words.some((w) => DISCONTENT.test(w))) return false;
  // Ours: a word for us or for a case beside the handling, no seller's ("how the seller handled my
  // return", "behandlet af webshoppen"), and no shop named ("Zalando handled my return badly").
  const near = words.slice(Math.max(0, handled - 4), handled + 4);
  // "hvordan I har behandlet min sag", "wie mit meinem Fall umgegangen wurde": the consumer's own
  // case beside the handling is ours, whatever shop the story names.
  const ownCase = near.some((w, i) => A_CASE.test(w) && MY.test(near[i - 1] ?? ''));
  return (
    near.some((w) => OURS.test(w) || A_CASE.test(w)) &&
    !near.some((w) => SELLER.test(w)) &&
    (ownCase || shopInSentence(text, context.language) === undefined)
  );
}
const MY = /^(?:min|mitt|mine|mina|my|mein|meinem|meinen|meiner|mun|minun)$/;
/**
 * "Jag fick ett beslut från er … Hur överklagar jag det här?", "I want to appeal your decision": a
 * decision of ours, with a word for us beside it, appealed. It is the ombudsman's, whatever shop
 * the decision was about.
 */
function appealsOurDecision(text: string): boolean {
  const words = wordsOf(text);
  // "jag accepterar inte ert beslut", "I do not accept your decision": not accepted is appealed.
  if (!words.some((w) => APPEAL.test(w)) && !containsAnyPhrase(words, NOT_ACCEPTING)) return false;
  return words.some(
    (w, i) => DECISION.test(w) && words.slice(Math.max(0, i - 3), i + 4).some((near) => OURS.test(near)),
  );
}
const NOT_ACCEPTING = indexPhrases(
  compilePhrases([
    'accepterar inte',
    'godtar inte',
    'godtar ikke',
    'aksepterer ikke',
    'accepterer ikke',
    'en hyväksy',
    'en voi hyväksyä',
    'akzeptiere nicht',
    'akzeptiere das nicht',
    'akzeptiere diese entscheidung nicht',
    'do not accept',
    "don't accept",
    'dont accept',
    'cannot accept',
    "can't accept",
  ]),
);
const DECISION =
  /^(?:beslut|beslutet|beslutning|beslutningen|avgjorelse|avgjorelsen|afgorelse|afgorelsen|paatos|paatoksen|paatoksenne|entscheidung|entscheid|decision|ruling)$/;
const APPEAL =
  /^(?:overklaga|overklagar|overklagas|anke|anker|anke|paklage|paklaga|valittaa|valitan|valitus|einspruch|widerspruch|widersprechen|anfechten|appeal|appealing|challenge|contest)$/;

/** A case or a complaint with us. Folded. */
const A_CASE =
  /^(?:arende|arendet|sak|saken|sag|sagen|case|fall|vorgang|asia|asiani|asiaa|reklamaatio|reklamaation|reklamaationi)$/;
/** The shop's side. Folded. */
const SELLER =
  /^(?:seller|shop|store|merchant|butiken|butik|butikken|webshop|webshoppen|nettbutikken|handler|handlaren|verkaufer|shop's|kauppa|myyja|forhandleren|saljaren|selgeren|saelgeren)$/;
const HANDLED =
  /^(?:hoidettiin|hoiditte|kasiteltiin|kasittelitte|ratkaistiin|hoidettu|kasitelty|handled|hanterade|hanterades|hanterat|skotte|skottes|skotts|skott|handtert|handteret|umgegangen|behandlet|behandla|behandlede|bearbeitet|behandelt|gehandhabt|entschieden)$/;
const DISCONTENT =
  /^(?:valittaa|valitus|valituksen|klaga|klagomal|klage|klager|beschweren|beschwerde|complain|complaint|unhappy|disappointed|pettyny|pettynyt|tyytymaton|besviken|missnojd|skuffet|skuffa|utilfreds|enttauscht|unzufrieden|vred|arg|sint|upprord|opprort|furious|angry|vihainen|raivoissani|wutend|sauer|fassungslos)$/;

/** "jag vill klaga", "escalate this", "ich möchte mich beschweren": the consumer wants their case taken higher. */
export function wantsEscalation(text: string): boolean {
  const words = wordsOf(text);
  // "klaga till kundombudsmannen" asks for the ombudsman, whose way is explained instead.
  if (namesOmbudsman(words)) return false;
  return containsAnyPhrase(words, ESCALATION_WORDS);
}

/** A purchase the consumer made that went wrong (never came, returned, refund refused), said without disowning it. */
function ownPurchaseGoneWrong(text: string, facts: Facts): boolean {
  const reason = facts.refundReason;
  const words = wordsOf(text);
  // "Avbestilte en ordre hos X ... men har fått regning": an order the consumer cancelled was theirs.
  const cancelled = words.some((w, i) => CANCELLED.test(w) || CANCELLED.test(`${w} ${words[i + 1] ?? ''}`));
  // "Thalia hat mir 2mal 34,99 abgebucht ..., bestellt am Samstag": a wrong amount for what they say
  // they ordered; "Pizzeria Da Toni 2 hat mir 2mal 34,80 abgebucht": one purchase charged twice.
  const charged = reason === 'wrong_amount' && (words.some((w) => BOUGHT.test(w)) || saysChargedTwice(words));
  // "ostin Halosesta talvikengät ja pohja irtos jo": goods they say they bought that broke.
  const broke = reason === 'faulty' && words.some((w) => BOUGHT.test(w));
  if (
    reason !== 'not_received' &&
    reason !== 'returned' &&
    reason !== 'refund_refused' &&
    !cancelled &&
    !charged &&
    !broke
  )
    return false;
  if (containsAnyPhrase(words, NOT_MINE)) return false;
  // The shop, or the consumer's own order or parcel, is named: "an invoice for something I never got" alone may be either.
  return (
    facts.shop !== undefined ||
    (words.some((w) => /^(?:min|mitt|mina|my|mein|meine|minun)$/.test(w)) && words.some((w) => ORDER_WORD.test(w)))
  );
}

/** Whether `ownPurchaseGoneWrong` can hold for `text` at all: a reason to want money back, or a cancellation. */
function mayTellOwnPurchase(text: string): boolean {
  const words = wordsOf(text);
  return (
    readRefundReason(text) !== undefined ||
    words.some((w, i) => CANCELLED.test(w) || CANCELLED.test(`${w} ${words[i + 1] ?? ''}`))
  );
}

// "Jag sa upp mitt abonnemang hos X", "Irtisanoin X:n tilauksen", "hab bei X gekündigt": a subscription the consumer ended was theirs.
const CANCELLED =
  /^(?:avbestall|avbestil|afbestil|annuller|storniert|stornier|cancel|peruin|perutin|perutti|perui|sa upp|sade upp|sagt upp|sa opp|sagt opp|sagde op|opsag|kundig|gekundig|irtisano|widerruf)/;

const ORDER_WORD =
  /^(?:bestallning|order|bestilling|bestillinga|bestellung|tilaus|tilaukse|paket|pakke|pakka|parcel|package|lieferung|leverans|levering)/;

/** A message that names a shop (or an amount) and a reason to want money back from it. */
function disputeInWords(facts: Facts): boolean {
  return facts.refundReason !== undefined && facts.shop !== undefined;
}

/** A different, confident matter said in a full sentence: the new matter is taken up. */
function changesSubject(state: DialogState, classified: Classified, text: string): boolean {
  if (classified.confidence < 0.85 || wordsOf(text).length < 5) return false;
  // "hele fakturaen eller bare det ene kjøpet?": a question back about the question asked, not a new matter.
  // A question needs to be sure of its new matter: "Kan jag logga in med BankID på en ny telefon?" is one.
  if (/\?\s*$/u.test(text) && classified.confidence < 0.95) return false;
  const current =
    state.stage === 'collect' || state.stage === 'confirm' || state.stage === 'pick_purchase'
      ? state.intent
      : undefined;
  return (
    ['invoice', 'login', 'unrecognized_purchase', 'merchant_disagreement'].includes(classified.intent) &&
    classified.intent !== current
  );
}

/** A report of one kind becoming the other: a purchase not made that was the consumer's own, or back. */
function switchesReport(
  state: DialogState,
  intent: Intent,
): state is Extract<DialogState, { stage: 'collect' | 'confirm' }> {
  return (
    (state.stage === 'collect' || state.stage === 'confirm') &&
    REPORTS.has(state.intent) &&
    REPORTS.has(intent) &&
    state.intent !== intent
  );
}
const REPORTS = new Set<Intent>(['unrecognized_purchase', 'merchant_disagreement']);

/** The facts a report holds, with what the new message says over them. */
function carriedFacts(slots: Slots, told: () => Facts): () => Facts {
  return () => {
    const now = told();
    return {
      shop: now.shop ?? slots.merchant ?? undefined,
      amount:
        now.amount ??
        (slots.amountMinor !== null && slots.currency !== null
          ? { amountMinor: slots.amountMinor, currency: slots.currency }
          : undefined),
      date: now.date ?? (slots.date !== null ? { date: slots.date, span: slots.dateSpan ?? 'day' } : undefined),
      contacted: now.contacted ?? slots.contactedMerchant ?? undefined,
      orderNumber: now.orderNumber ?? slots.orderNumber ?? undefined,
      refundReason: now.refundReason ?? slots.refundReason ?? undefined,
    };
  };
}

/**
 * A person, asked for by button or in words. An open case gets the request (no second case); a
 * report in progress goes to its department as it stands; a self-service question that did not
 * help goes to customer service; a request that says what it is about gets a case with that
 * description; otherwise the consumer is asked, in one line, what it is about.
 */
function personRequested(
  memory: ConversationMemory,
  state: DialogState,
  text: string,
  classified: Classified,
  options: FlowOptions,
  button: boolean,
): Turn {
  const report = reportOf(state);
  // A report in progress goes to its department as it stands; the consumer hears that a person takes it from there.
  if (report && (state.stage === 'collect' || state.stage === 'confirm' || state.stage === 'pick_purchase'))
    return reply(
      memory,
      idle(),
      [{ key: 'person_takes_report' }],
      [{ type: 'open_case', intent: report.intent, slots: report.slots }],
    );
  if (options.hasOpenCase) {
    // "I want to complain about how this is handled": the case goes higher, not only to a person.
    if (!button && wantsEscalation(text))
      return reply(memory, idle(), [], [{ type: 'escalation_request', text: text.trim().slice(0, 2_000) }]);
    return reply(memory, idle(), [], [{ type: 'person_for_open_case', text }]);
  }
  if (state.stage === 'helped')
    return reply(
      memory,
      idle(),
      [],
      [{ type: 'open_case', intent: state.intent, slots: emptySlots(state.description) }],
    );
  if (state.stage === 'offer_person')
    return reply(memory, idle(), [], [{ type: 'open_case', intent: state.intent, slots: state.slots }]);
  if (state.stage === 'clarify')
    return reply(memory, idle(), [], [{ type: 'open_case', intent: 'human_agent', slots: emptySlots(state.text) }]);
  // "Ich möchte mit jemandem sprechen, weil meine Rechnung doppelt kam": it says what it is about.
  // A greeting and "please" say nothing of it ("Guten Tag, ich möchte bitte mit einem Mitarbeiter sprechen").
  if (!button && wordsOf(text).filter((w) => !COURTESIES.has(w)).length >= 9)
    return reply(
      memory,
      idle(),
      [],
      [{ type: 'open_case', intent: 'human_agent', slots: emptySlots(text.trim().slice(0, 2_000)) }],
    );
  void classified;
  return reply(memory, { stage: 'describe', intent: 'human_agent', misses: 0 }, [describeQuestion('human_agent')]);
}

/** The question after a topic: what the question is (invoice, login), what happened (a report), or what it is about (a person). */
function describeQuestion(intent: Intent): Line {
  const key: MessageKey =
    intent === 'invoice' || intent === 'login'
      ? 'ask_topic_question'
      : intent === 'human_agent'
        ? 'ask_what_about'
        : 'ask_what_happened';
  return { key, expects: 'free_text', quickReplies: [HUMAN_QR] };
}

/** A topic chosen by button: a status, the ombudsman and a person are answered at once; the others ask their first question. */
function topicChosen(
  memory: ConversationMemory,
  intent: Intent,
  classified: Classified,
  context: ReadContext,
  options: FlowOptions,
): Turn {
  switch (intent) {
    case 'invoice':
    case 'login':
    case 'unrecognized_purchase':
    case 'merchant_disagreement':
      return reply(memory, { stage: 'describe', intent, misses: 0 }, [describeQuestion(intent)]);
    case 'human_agent':
      return personRequested(memory, memory.state, intent, classified, options, true);
    case 'case_status':
    case 'ombudsman':
      return route(
        memory,
        intent,
        '',
        { ...classified, entities: { ...classified.entities, caseRefs: [] } },
        context,
        options,
      );
    case 'greeting':
    case 'other':
      return smallTalkReply(memory, 'greeting', false);
  }
}

function smallTalkReply(memory: ConversationMemory, kind: 'thanks' | 'goodbye' | 'greeting', firstTurn: boolean): Turn {
  if (kind === 'greeting')
    return reply(memory, idle(), [
      { key: firstTurn ? 'welcome' : 'greeting_reply' },
      ...(firstTurn ? [{ key: 'capabilities' } as Line] : []),
    ]);
  return reply(memory, idle(), [{ key: kind === 'thanks' ? 'reply_thanks' : 'reply_goodbye' }]);
}

function route(
  memory: ConversationMemory,
  intent: Intent,
  text: string,
  classified: Classified,
  context: ReadContext,
  options: FlowOptions,
  firstTurn = false,
  facts?: () => Facts,
  described = false,
): Turn {
  switch (intent) {
    case 'greeting': {
      // Small talk that says more than thanks and goodbyes is read for them, the first message
      // too ("okej toppen, då är jag klar här. ha de gött", "mange tak for hjælpen, det var super";
      // not thanks in advance).
      const smallTalk = readSmallTalk(text) ?? smallTalkMentioned(text);
      // "hej jeg har et spørgsmål om en betaling i biografen": a greeting that goes on to a matter
      // left vague is asked what it is about, not welcomed.
      const words = wordsOf(text);
      if (
        smallTalk === undefined &&
        words.length >= 5 &&
        words.some((w) => VAGUE_WORDS.test(w) || INVOICE_WORDS.test(w) || PAYMENT_WORD.test(w))
      )
        return clarify(memory, text, classified);
      return smallTalkReply(memory, smallTalk ?? 'greeting', firstTurn && smallTalk === undefined);
    }
    case 'invoice':
    case 'login': {
      // "wrong amount", "feil beløp", "uppsagt men dras ändå": a few words that are a reason to want
      // money back from a shop start that disagreement; its shop is asked next.
      // ("My invoice was charged twice" speaks of the invoice itself, maybe paid twice: a person in
      // customer service takes that.)
      if (
        intent === 'invoice' &&
        wordsOf(text).length <= 5 &&
        !wordsOf(text).some((w) => INVOICE_WORDS.test(w) || PAID.test(w)) &&
        reasonAgainstAShop(text)
      )
        return startReport(memory, 'merchant_disagreement', text, classified, context, [], options, facts);
      // "the amount on my invoice is way more than what I paid at checkout": the invoice set against
      // the price at the till is a disagreement with the shop, however the words sound.
      if (intent === 'invoice' && containsAnyPhrase(wordsOf(text), ABOVE_THE_PRICE))
        return startReport(memory, 'merchant_disagreement', text, classified, context, [], options, facts);
      // The next most likely matter, when it is a report: offered if the answer does not help.
      const alternative =
        classified.alternatives.find(
          (a) => (a.intent === 'merchant_disagreement' || a.intent === 'unrecognized_purchase') && a.confidence >= 0.15,
        )?.intent ?? null;
      // Too little to answer or to hand on, unless it was just asked: "nåt konstigt på min faktura"
      // is asked what is wrong; "faktura", "login" alone what the consumer wants to know.
      const words = wordsOf(text);
      const little = !described && !/\d/.test(text) && readRefundReason(text) === undefined;
      const askFirst =
        little &&
        intent === 'invoice' &&
        words.length <= 8 &&
        (words.some((w) => VAGUE_WORDS.test(w)) || onlyAnInvoiceCame(text))
          ? 'problem'
          : little && words.length <= 3
            ? 'topic'
            : undefined;
      return reply(
        memory,
        { stage: 'helped', intent, description: text, alternative, misses: 0 },
        [],
        [{ type: 'self_service', intent, text, ...(askFirst ? { askFirst } : {}) }],
      );
    }
    case 'unrecognized_purchase':
    case 'merchant_disagreement':
      // "… i sent it back the week after, but now i got a reminder!! i want to talk to someone
      // real": the report goes to its department as told, and a person takes it from there.
      if (wantsPerson(text)) {
        const slots = emptySlots(text.trim().slice(0, 2_000));
        applyFacts(slots, facts ? facts() : factsInMessage(text, classified.entities, context));
        // "Ich möchte jetzt trotzdem mit jemandem sprechen, ich hab Angst dass mein Konto gehackt
        // wurde" with a case open: no new purchase is told (no shop, no sum), so the person joins
        // the case there is.
        if (options.hasOpenCase && slots.merchant === null && slots.amountMinor === null)
          return personRequested(memory, memory.state, text, classified, options, false);
        return reply(memory, idle(), [{ key: 'person_takes_report' }], [{ type: 'open_case', intent, slots }]);
      }
      return startReport(memory, intent, text, classified, context, [], options, facts);
    case 'human_agent':
      return personRequested(memory, memory.state, text, classified, options, false);
    case 'case_status':
      return reply(memory, idle(), [], [{ type: 'case_status', ref: classified.entities.caseRefs[0] ?? null }]);
    case 'ombudsman':
      return reply(memory, idle(), [], [ombudsmanEffect(text)]);
    case 'other': {
      const misses = (memory.state.stage === 'idle' ? memory.state.misses : 0) + 1;
      // After two turns without progress, a person is offered without being asked.
      if (misses >= 2)
        return reply(
          memory,
          { stage: 'offer_person', intent: 'human_agent', slots: emptySlots(text.trim().slice(0, 2_000)) },
          [{ key: 'offer_human', expects: 'yes_no', quickReplies: [HUMAN_QR] }],
        );
      return reply(memory, idle(misses), [{ key: 'other_topic' }]);
    }
  }
}

/**
 * A report from its first message: the facts it states are kept, the first missing one asked. An
 * identified consumer is first offered their purchases that fit (the shell looks them up).
 */
function startReport(
  memory: ConversationMemory,
  intent: 'unrecognized_purchase' | 'merchant_disagreement',
  text: string,
  classified: Classified,
  context: ReadContext,
  before: Line[],
  options?: FlowOptions,
  facts?: () => Facts,
): Turn {
  const slots = emptySlots(text.trim().slice(0, 2_000));
  const told = facts ? facts() : factsInMessage(text, classified.entities, context);
  applyFacts(
    slots,
    (intent === 'unrecognized_purchase' ? disownedFacts(text, told, context) : undefined) ??
      withoutFinePurchase(text, told, context, intent) ??
      told,
  );
  const intro: Line = {
    key: intent === 'unrecognized_purchase' ? 'collect_intro_unrecognized' : 'collect_intro_dispute',
  };
  if (options?.identified) {
    return reply(
      memory,
      { stage: 'pick_purchase', intent, slots, offered: [], misses: 0 },
      [...before, intro],
      [{ type: 'offer_purchases' }],
    );
  }
  return continueReport(memory, intent, slots, [...before, intro]);
}

/**
 * "Beställde skor från Nelly … dom har kommit och är betalda. MEN på samma faktura står det ett köp
 * på 2 450 kr från Elgiganten … som jag inte har gjort": in a story that first tells of a purchase
 * that is fine, the facts of the purchase not made are those of the sentence that disowns it
 * (which must name its own shop), not the first purchase told. Undefined otherwise.
 */
function disownedFacts(text: string, told: Facts, context: ReadContext): Facts | undefined {
  const sentences = sentencesOf(text);
  if (sentences.length < 2) return undefined;
  const at = sentences.findIndex((sentence) => containsAnyPhrase(wordsOf(sentence), NOT_MINE));
  // Only after a purchase said to be fine ("dom har kommit och är betalda", "which is fine and
  // paid", "alles gut"): otherwise the first shop named stays the report's.
  if (at < 1 || !sentences.slice(0, at).some((sentence) => wordsOf(sentence).some((w) => FINE_WORD.test(w))))
    return undefined;
  const read = (part: string) => factsInMessage(part, extractEntities(part, { language: context.language }), context);
  let facts = read(sentences[at]!);
  if (!facts.shop || facts.shop === told.shop) return undefined;
  // A sentence short of a sum is read with its neighbours, when they speak of the same shop.
  if (!facts.amount) {
    const wide = read(sentences.slice(at - 1, at + 2).join(' '));
    if (wide.shop === facts.shop) facts = wide;
  }
  // Whether the shop was contacted is the story's; an order number of the other purchase is not.
  return told.contacted === undefined || facts.contacted !== undefined
    ? facts
    : { ...facts, contacted: told.contacted };
}
/**
 * "… a charge from verkkokauppa I didn't make. we bought a tv from gigantti on the 28th and that
 * one's fine", "… ne Zahlung an Sonnenhof Naturkost GmbH … Die Bestellung bei Zalando passt": a
 * sentence about another shop's purchase said to be fine names neither the reported purchase's
 * shop nor its date; those are read from the other sentences (or asked).
 */
function withoutFinePurchase(
  text: string,
  told: Facts,
  context: ReadContext,
  intent: 'unrecognized_purchase' | 'merchant_disagreement',
): Facts | undefined {
  // In a dispute the purchase that went wrong was paid too ("bezahlt per Rechnung … taucht zweimal
  // auf"): there only a purchase said to be right or fine is another one.
  const fineWord = intent === 'unrecognized_purchase' ? FINE_WORD : RIGHT_WORD;
  if (!told.date && !told.shop) return undefined;
  const sentences = sentencesOf(text);
  const fineShops = new Set<string>();
  const fine: string[] = [];
  const rest: string[] = [];
  for (const sentence of sentences) {
    // Said to be fine, and not itself the sentence that disowns ("ok, Zalando charged me for
    // something I never bought").
    const words = wordsOf(sentence);
    // The negation in the fine word's own clause: "… det är det inte, hennes köp från Zalando syns
    // separat och det stämmer" says the other purchase is right.
    const saidFine = sentence.split(/[,;]|\s(?:och|og|and|und|men|but|aber|mutta|ja)\s/u).some((clause) => {
      const inClause = wordsOf(clause);
      return inClause.some((w) => fineWord.test(w)) && !inClause.some((w) => FINE_NEGATED.test(w));
    });
    const shop =
      saidFine && !containsAnyPhrase(words, NOT_MINE) ? shopInSentence(sentence, context.language) : undefined;
    if (shop) {
      fineShops.add(shop);
      fine.push(sentence);
    } else rest.push(sentence);
  }
  if (fineShops.size === 0 || rest.length === 0) return undefined;
  const others = rest.join(' ');
  const facts: Facts = { ...told };
  // The shop, when only the fine sentences name it (not "… från Zalando som jag inte känner igen.
  // Min förra order från Zalando är redan betald.").
  const shopOnlyFine =
    told.shop !== undefined &&
    fineShops.has(told.shop) &&
    !rest.some((sentence) => shopInSentence(sentence, context.language) === told.shop);
  if (shopOnlyFine) {
    const shop = shopInSentence(others, context.language);
    if (shop && !fineShops.has(shop)) facts.shop = shop;
    else delete facts.shop;
  }
  // The date only when it was the fine purchase's.
  const reading = dateReading(context);
  if (told.date && fine.some((sentence) => purchaseDate(sentence, context.today, reading)?.date === told.date!.date)) {
    const date = purchaseDate(others, context.today, reading);
    if (date) facts.date = date;
    else delete facts.date;
  }
  return facts;
}

/** A purchase told as right or fine ("det stämmer", "ist auch richtig", "passt"). Folded. */
const RIGHT_WORD =
  /^(?:fine|gut|lugnt|kunnossa|ordnung|okay|ok|okej|passt|stammer|stemmer|stimmt|richtig|oikein|greit|riktig|rigtig|korrekt|correct|abgesprochen)$/;
/** A purchase told as fine: right as above, or paid. Folded. */
const FINE_WORD = {
  test: (word: string) => RIGHT_WORD.test(word) || PAID_FINE.test(word),
};
const PAID_FINE = /^(?:bezahlt|betalda|betald|betalt|betalte|betalat|paid|maksettu)$/;
/** A negation beside it: "passt nicht", "stämmer inte", "isn't right" is no fine purchase. Folded. */
const FINE_NEGATED = /^(?:inte|ej|ikke|ikkje|nicht|not|never|kein|keine|ei|eika|.+n't)$/;

/** The report goes on: the next missing fact is asked, or the summary shown. */
function continueReport(memory: ConversationMemory, intent: Intent, slots: Slots, before: Line[]): Turn {
  const next = nextSlot(intent, slots);
  if (!next)
    return reply(memory, { stage: 'confirm', intent, slots, editing: false, misses: 0 }, [
      ...before,
      ...summary(intent, slots),
    ]);
  return reply(memory, { stage: 'collect', intent, slots, asking: next, misses: 0 }, [...before, ask(next, intent)]);
}

/**
 * The consumer's purchases, looked up for a report at `pick_purchase`: those that fit what they
 * described are offered as buttons (at most five, with "none of these"); when none fits, the
 * report goes on with the typed facts.
 */
export function purchasesFound(memory: ConversationMemory, purchases: readonly Purchase[]): Turn {
  const state = memory.state;
  if (state.stage !== 'pick_purchase') return { memory, say: [], effects: [] };
  const slots = { ...state.slots, purchaseOffered: true };
  const fitting = purchasesFitting(purchases, {
    merchant: slots.merchant,
    amountMinor: slots.amountMinor,
    currency: slots.currency,
    date: slots.date,
    orderNumber: slots.orderNumber,
  });
  if (fitting.length === 0) return continueReport(memory, state.intent, slots, []);
  const offered = fitting.map((p) => ({
    id: p.id,
    merchant: p.merchant,
    amountMinor: p.amountMinor,
    currency: p.currency,
    purchaseDate: p.purchaseDate,
    orderNumber: p.orderNumber,
  }));
  return reply(memory, { ...state, slots, offered, misses: 0 }, [purchaseQuestion(offered)]);
}

function purchaseQuestion(offered: readonly OfferedPurchase[]): Line {
  return {
    key: 'ask_which_purchase',
    expects: 'choice',
    quickReplies: [
      ...offered.map((purchase, index) => ({ title: { purchase }, payload: `purchase_${index + 1}` })),
      { title: 'qr_purchase_none', payload: PURCHASE_NONE },
    ],
  };
}

/** Words that say "none of these" (after folding: lower case, no diacritics kept as typed). */
const NONE_OF_THESE =
  /^(?:none|none of (?:these|them|those)|neither|not (?:there|listed|any of (?:these|them))|ingen|inget|ingen av (?:dem|dessa|disse)|inget av (?:dem|dessa)|ingen af (?:dem|disse)|ingen af dem|keine?r?|keine?r? davon|nichts davon|ei mikään|ei mikään näistä|ei kumpikaan|ei yksikään)\b/u;

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  första: 1,
  andra: 2,
  tredje: 3,
  fjärde: 4,
  femte: 5,
  første: 1,
  andre: 2,
  anden: 2,
  fjerde: 4,
  ensimmäinen: 1,
  toinen: 2,
  kolmas: 3,
  neljäs: 4,
  viides: 5,
  erste: 1,
  erster: 1,
  ersten: 1,
  zweite: 2,
  zweiter: 2,
  zweiten: 2,
  dritte: 3,
  dritter: 3,
  dritten: 3,
  vierte: 4,
  fünfte: 5,
};

/** The answer to "is it one of these purchases?": a button, "none of these", a number, or words that single one out. */
function pickPurchase(
  memory: ConversationMemory,
  state: Extract<DialogState, { stage: 'pick_purchase' }>,
  text: string,
  payload: string,
  classified: Classified,
  context: ReadContext,
): Turn | undefined {
  const offered = state.offered;
  const typed = text
    .trim()
    .toLowerCase()
    .replace(/[.!?,]+$/u, '');
  const facts =
    readCorrection(text, classified.entities, context) ?? factsInMessage(text, classified.entities, context);
  const none = (): Turn => {
    const slots = { ...state.slots, skipped: [...state.slots.skipped] };
    applyFacts(slots, facts, true);
    return continueReport(memory, state.intent, slots, []);
  };
  if (payload === PURCHASE_NONE || NONE_OF_THESE.test(typed)) return none();
  const tapped = PURCHASE_PAYLOAD.exec(payload);
  const words = wordsOf(text);
  let index: number | undefined;
  if (tapped) index = Number(tapped[1]) - 1;
  else if (/^\d{1,2}$/.test(typed)) index = Number(typed) - 1;
  else if (words.length <= 3) {
    const ordinal = words.map((w) => ORDINALS[w]).find((n) => n !== undefined);
    if (ordinal !== undefined) index = ordinal - 1;
  }
  const yesNo = readYesNo(text);
  if (index === undefined && yesNo && yesNo.rest.length <= 3) {
    if (yesNo.answer === 'no') return none();
    if (offered.length === 1) index = 0;
  }
  if (index === undefined) {
    // "the Zalando one", "499 kr": the words single out one purchase.
    const shop = facts.shop ?? readShop(text, context.language);
    const singled = purchasesFitting(
      offered.map((p) => ({ ...p, invoiceId: null, invoiceState: 'open' as const, dueDate: null })),
      {
        merchant: shop ?? null,
        amountMinor: facts.amount?.amountMinor ?? null,
        currency: facts.amount?.currency ?? null,
        orderNumber: facts.orderNumber ?? null,
      },
    );
    if ((shop || facts.amount || facts.orderNumber) && singled.length === 1)
      index = offered.findIndex((p) => p.id === singled[0]!.id);
  }
  const picked = index !== undefined ? offered[index] : undefined;
  if (!picked) return undefined;
  const slots: Slots = {
    ...state.slots,
    merchant: picked.merchant,
    amountMinor: picked.amountMinor,
    currency: picked.currency,
    amountText: null,
    date: picked.purchaseDate,
    dateSpan: 'day',
    dateText: null,
    orderNumber: picked.orderNumber,
    purchaseId: picked.id,
    purchaseOffered: true,
    skipped: state.slots.skipped.filter((s) => s !== 'merchant' && s !== 'amount' && s !== 'date'),
  };
  // Other facts in the same answer ("den första, jag har skickat tillbaka den") fill what is missing.
  applyFacts(slots, { ...facts, shop: undefined, amount: undefined, date: undefined, orderNumber: undefined }, true);
  return continueReport(memory, state.intent, slots, []);
}

/** Words that take back part of a yes: "ja men bara hälften", "yes but only half". */
const BUT = new Set([
  'men',
  'but',
  'aber',
  'mutta',
  'mut',
  'however',
  'dog',
  'doch',
  'only',
  'bara',
  'kun',
  'bare',
  'nur',
  'vain',
  'except',
  'utom',
  'unntatt',
  'undtagen',
  'außer',
  'ausser',
  'paitsi',
]);

/**
 * The answer to "is the shop's settlement right?": a yes closes the dispute, so a yes that takes
 * part of it back ("ja men bara hälften", "yes, but only 200 of 899") is an objection.
 */
export function settlementAnswer(text: string): 'yes' | 'no' | undefined {
  const read = readYesNo(text);
  if (!read) return undefined;
  if (read.answer === 'yes' && read.rest.some((word) => BUT.has(word))) return 'no';
  return read.answer;
}

/** "The shop says it refunded 899 kr: is that right?" for a case whose merchant claims to have settled. */
export function settlementQuestion(state: {
  merchant: string | null;
  amountMinor: number | null;
  currency: string | null;
}): Line {
  const merchant = state.merchant ?? { key: 'the_shop' as MessageKey };
  return {
    key: state.amountMinor !== null && state.currency ? 'settlement_question' : 'settlement_question_no_amount',
    params:
      state.amountMinor !== null && state.currency
        ? { merchant, amount: { amountMinor: state.amountMinor, currency: state.currency } }
        : { merchant },
    expects: 'yes_no',
    quickReplies: [
      { title: 'qr_settlement_yes', payload: SETTLEMENT_YES },
      { title: 'qr_settlement_no', payload: SETTLEMENT_NO },
      HUMAN_QR,
    ],
  };
}

function clarifyLine(options: Intent[]): Line {
  return {
    key: 'clarify_question',
    expects: 'choice',
    quickReplies: [
      ...options.map((intent) => ({ title: `intent_${intent}` as MessageKey, payload: intent })),
      HUMAN_QR,
    ],
  };
}

function clarify(memory: ConversationMemory, text: string, classified: Classified): Turn {
  const misses = (memory.state.stage === 'idle' ? memory.state.misses : 0) + 1;
  if (misses > 2)
    return reply(
      memory,
      { stage: 'offer_person', intent: 'human_agent', slots: emptySlots(text.trim().slice(0, 2_000)) },
      [{ key: 'offer_human', expects: 'yes_no', quickReplies: [HUMAN_QR] }],
    );
  const options = [classified.intent, ...classified.alternatives.map((alternative) => alternative.intent)]
    // A person is always offered by its own button: not twice ("Tal med en person" shown twice).
    .filter(
      (intent, index, all) =>
        all.indexOf(intent) === index && intent !== 'other' && intent !== 'greeting' && intent !== 'human_agent',
    )
    .slice(0, 3);
  return reply(memory, { stage: 'clarify', text, options, misses }, [clarifyLine(options)]);
}

/** The summary the consumer confirms: one line per known fact, then the question. */
function summary(intent: Intent, slots: Slots): Line[] {
  const lines: Line[] = [
    { key: 'summary_intro' },
    { key: 'summary_topic', params: { topic: { key: `intent_${intent}` as MessageKey } } },
  ];
  if (slots.merchant) lines.push({ key: 'summary_merchant', params: { merchant: slots.merchant } });
  if (slots.orderNumber) lines.push({ key: 'summary_order_number', params: { order: slots.orderNumber } });
  if (slots.amountMinor !== null && slots.currency)
    lines.push({
      key: 'summary_amount',
      params: { amount: { amountMinor: slots.amountMinor, currency: slots.currency } },
    });
  else if (slots.amountText) lines.push({ key: 'summary_amount', params: { amount: slots.amountText } });
  if (slots.date && !slots.date.startsWith('--')) {
    lines.push({
      key:
        slots.dateSpan === 'week'
          ? 'summary_date_week'
          : slots.dateSpan === 'month'
            ? 'summary_date_month'
            : 'summary_date',
      // "Anfang November", "last month": the month is shown ("November 2026"), not a day in it.
      params: { date: slots.dateSpan === 'month' ? { month: slots.date } : { date: slots.date } },
    });
  } else if (slots.dateText) lines.push({ key: 'summary_date', params: { date: slots.dateText } });
  lines.push({ key: 'summary_what_happened', params: { description: slots.description } });
  if (slots.contactedMerchant !== null)
    lines.push({ key: slots.contactedMerchant ? 'summary_contacted_yes' : 'summary_contacted_no' });
  if (slots.refundReason)
    lines.push({
      key: 'summary_refund_reason',
      params: { reason: { key: `refund_reason_${slots.refundReason}` as MessageKey } },
    });
  lines.push({
    key: 'summary_confirm',
    expects: 'confirm',
    quickReplies: [
      { title: 'qr_confirm', payload: PAYLOADS.confirm },
      { title: 'qr_edit', payload: PAYLOADS.edit },
      HUMAN_QR,
    ],
  });
  return lines.map((line) => ({ ...line, group: 'summary' }));
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
    case 'refundReason':
      return slots.refundReason !== null;
  }
}

export function emptySlots(description: string): Slots {
  return {
    description,
    merchant: null,
    amountMinor: null,
    currency: null,
    amountText: null,
    date: null,
    dateSpan: 'day',
    dateText: null,
    orderNumber: null,
    contactedMerchant: null,
    refundReason: null,
    purchaseId: null,
    purchaseOffered: false,
    skipped: [],
  };
}

/**
 * The conversation's language after this message. Unknown until a message is long enough to
 * tell (else the locale's, while there is one); once set, only a full sentence written clearly
 * in another language switches it: a short answer ("ok", "649", "Zalando") or a correction never
 * does, and gibberish is never taken for a language.
 */
export function conversationLanguage(
  memory: ConversationMemory,
  text: string,
  classified: Classified,
  options: FlowOptions,
  isPayload: boolean,
): Language | null {
  if (isPayload) return memory.language ?? options.localeLanguage ?? null;
  const detected = classified.language;
  const sure = classified.languageConfidence ?? 1;
  // Words, not codes: "SE45", "OMB-7K3F" and order numbers say nothing of a language.
  const words = wordsOf(text).filter((w) => /\p{L}{2,}/u.test(w) && !/\d/.test(w)).length;
  if (memory.language === null) {
    const locale = options.localeLanguage ?? null;
    // The locale says what the consumer reads; a first message overrides it only when it is
    // clearly in another language (Danish and Norwegian look alike in a short line).
    if (
      locale &&
      detected !== locale &&
      !(words >= 5 && sure >= 0.9 && !(SCANDINAVIAN.has(locale) && SCANDINAVIAN.has(detected)))
    )
      return locale;
    if (detected !== 'und' && words >= 3 && sure >= 0.6) return detected;
    if (locale) return locale;
    if (detected !== 'und' && sure >= 0.5 && words >= 1) return detected;
    return null;
  }
  if (
    detected !== 'und' &&
    detected !== memory.language &&
    words >= 6 &&
    sure >= 0.9 &&
    pendingQuestion(memory.state) === undefined &&
    memory.state.stage !== 'refund_reason'
  )
    return detected;
  return memory.language;
}

const SCANDINAVIAN = new Set<string>(['sv', 'no', 'da']);

function idle(misses = 0): DialogState {
  return { stage: 'idle', misses };
}

function reply(memory: ConversationMemory, state: DialogState, say: Line[], effects: Effect[] = []): Turn {
  return { memory: { ...memory, state }, say, effects };
}

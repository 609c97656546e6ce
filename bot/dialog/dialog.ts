// The dialog's shell: one consumer message in, the bot's replies out, for any channel. It
// stores the message first, keeps quiet while a person holds the consumer's case, classifies,
// lets the pure flow decide, carries out what it decided (opening a case through routing,
// reading a status), renders every line from the catalogue of the consumer's language, and
// stores the replies. Personal data leaves only masked (logs get ids and codes).
import { redact } from '../../intents/redact.ts';
import type { Intent } from '../../intents/labels.ts';
import {
  beginTurn,
  casesAwaitingSettlementAnswer,
  commentRating,
  findCaseByRef,
  finishTurn,
  latestCaseOf,
  loadDialogState,
  openCase,
  rateCase,
  runCaseCommand,
  setCaseContact,
  type Channel,
  type DecisionContext,
  type StoredCase,
} from '../../db/index.ts';
import {
  Case,
  DEFAULT_POLICY,
  isEligibleForOmbudsman,
  isWithHuman,
  pendingSettlementClaim,
  type Policy,
} from '../../routing/index.ts';
import type { PurchaseDirectory } from '../purchases/directory.ts';
import { isIdentifiedConsumerId } from '../web/session.ts';
import { replyLanguage, t, template, type MessageKey } from './catalogue.ts';
import { formatAmount, formatDate, formatMonth, formatWait, localeOf, timeZoneOf } from './catalogue/format.ts';
import { fillTemplate } from './catalogue/messages.ts';
import {
  emptySlots,
  HUMAN_QR,
  purchasesFound,
  refundReasonQuestion,
  settlementQuestion,
  step,
  wantsFinalStatement,
  type Classified,
  type Effect,
  type Line,
  type QuickReply,
} from './flow.ts';
import { ConversationMemory, INITIAL_MEMORY, type DialogState, type Expects, type Slots } from './state.ts';
import { LANGUAGES, type Language } from '../../intents/labels.ts';
import { dayIn } from './readers/date.ts';
import { readYesNo } from './readers/yes-no.ts';

/** One reply as the channels send it (Botkit's message fields). */
export interface BotReply {
  type: 'message';
  text: string;
  quick_replies?: { title: string; payload: string }[];
  /** The reply asks a question: the kind of answer it expects (an app may offer a fitting input). */
  expects?: Expects;
  /** The case this reply opened or reports on; `expectedWaitMinutes` while it waits in a queue. */
  case?: { ref: string; tier: string; status: string; intent: string; expectedWaitMinutes?: number };
}

export interface DialogDeps extends DecisionContext {
  classify(text: string, options: { languageHint?: Language }): Promise<Classified>;
  /** The self-service answer for a question, if the knowledge has one. */
  findAnswer(language: Language, text: string): { id: string; answer: string } | undefined;
  threshold: number;
  /** Where the ombudsman's written-request form is. */
  ombudsmanUrl: string;
  /** An identified consumer's purchases, offered as buttons when they report one. None: they type the facts. */
  purchases?: PurchaseDirectory;
  log?: { info(object: object, message: string): void };
}

export interface ConsumerMessage {
  consumerId: string;
  channel: Channel;
  text: string;
  clientMessageId?: string;
  now: Date;
  /** The session's locale ("sv-SE", "en-NO"): the language until a message tells, and the market. */
  locale?: string | null;
}

export async function handleConsumerMessage(deps: DialogDeps, input: ConsumerMessage): Promise<BotReply[]> {
  const start = await beginTurn(deps.db, {
    consumerId: input.consumerId,
    channel: input.channel,
    text: input.text,
    redactedText: redact(input.text),
    clientMessageId: input.clientMessageId,
    at: input.now,
  });
  // A retry of a message already answered gets nothing new: its replies are in the history.
  if (start.duplicate && start.message.handled) return [];
  return respond(deps, {
    ...input,
    conversationId: start.conversationId,
    messageId: start.message.id,
    dialogState: start.dialogState,
    latestCase: start.latestCase
      ? { id: start.latestCase.id, version: start.latestCase.version, case: Case.parse(start.latestCase.state) }
      : undefined,
  });
}

/** Answers a stored inbound message (after a crash, for messages left unanswered). */
export async function answerStoredMessage(
  deps: DialogDeps,
  input: ConsumerMessage & { conversationId: string; messageId: number },
): Promise<BotReply[]> {
  const latest = await latestCaseOf(deps.db, input.consumerId);
  return respond(deps, {
    ...input,
    dialogState: await loadDialogState(deps.db, input.conversationId),
    latestCase: latest ? await findCaseByRef(deps.db, latest.ref) : undefined,
  });
}

interface StartedTurn extends ConsumerMessage {
  conversationId: string;
  messageId: number;
  dialogState: unknown;
  latestCase: StoredCase | undefined;
}

async function respond(deps: DialogDeps, input: StartedTurn): Promise<BotReply[]> {
  const { db } = deps;
  const memory = ConversationMemory.safeParse(input.dialogState);
  const current = memory.success ? memory.data : INITIAL_MEMORY;
  const activeCase = await answerInformationRequest(deps, input);

  // Once a person holds the case, the bot stays silent in this conversation: someone who asked
  // for a person does not want a bot talking over them. One question is the consumer's alone to
  // answer, whether the shop's claimed settlement is right: the bot asks it once, and records a
  // yes or no to it; anything else is for the agent.
  if (activeCase && isWithHuman(activeCase.case)) {
    const claim = pendingSettlementClaim(activeCase.case);
    const asked = current.state.stage === 'settlement' && current.state.ref === activeCase.case.ref;
    const answer =
      /^settlement_(?:yes|no)$/.test(input.text.trim().toLowerCase()) || readYesNo(input.text) !== undefined;
    if (!(claim && asked && answer)) {
      // The consumer's right to a final statement holds while a person has the case: recorded (a
      // complaint, a due date the agent sees on the card) without the bot speaking over them.
      if (wantsFinalStatement(input.text)) {
        const recorded = await runCaseCommand(
          deps,
          activeCase.case.ref,
          {
            type: 'request_final_statement',
            actor: { kind: 'consumer', id: input.consumerId },
            note: redact(input.text.slice(0, 2_000)),
          },
          input.now,
        );
        if (
          !recorded.ok &&
          recorded.error.code !== 'final_statement_already_requested' &&
          recorded.error.code !== 'final_statement_given'
        ) {
          deps.log?.info(
            { caseRef: activeCase.case.ref, code: recorded.error.code },
            'final statement request not recorded',
          );
        }
      }
      const asking = claim && !asked ? settlementAsking(activeCase.case) : undefined;
      const language = replyLanguage(current.language ?? activeCase.case.language ?? 'und');
      const replies = asking
        ? [render(language, settlementQuestion(asking), activeCase.case, deps.policy ?? DEFAULT_POLICY)]
        : [];
      await finishTurn(db, {
        conversationId: input.conversationId,
        messageId: input.messageId,
        classification: null,
        replies: replies.map((reply) => ({
          caseId: activeCase.id,
          text: reply.text,
          redactedText: redact(reply.text),
          quickReplies: reply.quick_replies,
        })),
        dialogState: asking ? { ...current, state: asking } : current,
        language: current.language,
        caseId: activeCase.id,
        at: input.now,
      });
      deps.log?.info(
        { messageId: input.messageId, caseRef: activeCase.case.ref },
        'message for the agent holding the case',
      );
      return replies;
    }
  }

  const classified = await deps.classify(input.text, { languageHint: current.language ?? undefined });
  const locale = parseLocale(input.locale);
  const turn = step(current, input.text, classified, {
    threshold: deps.threshold,
    today: dayIn(timeZoneOf(current.language ?? locale.language ?? 'und', locale.market), input.now),
    market: locale.market,
    localeLanguage: locale.language,
    hasOpenCase: activeCase !== undefined && activeCase.case.status !== 'resolved',
    waitingForPerson:
      activeCase && activeCase.case.status === 'queued' && activeCase.case.tier === 'customer_service'
        ? activeCase.case.ref
        : null,
    identified: deps.purchases !== undefined && isIdentifiedConsumerId(input.consumerId),
  });
  const language = replyLanguage(turn.memory.language ?? 'und');

  let memoryAfter = turn.memory;
  const bubbles: { line: Line; kase?: Case }[] = turn.say.map((line) => ({ line }));
  let caseId: number | null = activeCase?.id ?? null;
  // Each reply about a case is stored with that case (its history, its Slack thread), not the turn's.
  const caseIdOf = new Map<string, number>(activeCase ? [[activeCase.case.ref, activeCase.id]] : []);
  let answeredClaim: string | undefined;
  for (const effect of turn.effects) {
    if (effect.type === 'settlement_answer') answeredClaim = effect.ref;
    const outcome = await carryOut(deps, effect, { ...input, memory: memoryAfter }, language, activeCase);
    bubbles.push(...outcome.bubbles);
    if (outcome.caseId) caseId = outcome.caseId;
    for (const bubble of outcome.bubbles)
      if (bubble.kase && outcome.caseId) caseIdOf.set(bubble.kase.ref, outcome.caseId);
    if (outcome.memory) memoryAfter = { ...memoryAfter, state: outcome.memory };
  }
  bubbles.push(...(turn.after ?? []).map((line) => ({ line })));

  // A shop that says it settled waits for the consumer's word: asked once nothing else is asked.
  // Not again in the turn that just left it (answered, a person asked for, a person declined).
  if (
    memoryAfter.state.stage === 'idle' &&
    current.state.stage !== 'settlement' &&
    current.state.stage !== 'offer_person'
  ) {
    const claimed = (await casesAwaitingSettlementAnswer(db, input.consumerId)).find(
      (stored) => stored.case.ref !== answeredClaim,
    );
    const asking = claimed ? settlementAsking(claimed.case) : undefined;
    if (claimed && asking) {
      bubbles.push({ line: settlementQuestion(asking), kase: claimed.case });
      memoryAfter = { ...memoryAfter, state: asking };
      caseIdOf.set(claimed.case.ref, claimed.id);
    }
  }

  // An e-mail address the consumer writes becomes their case's contact: the ombudsman's form can
  // then prove ownership with a one-time code sent there (bot/ombudsman). The latest one counts.
  const email = classified.entities.emails[0];
  if (email && caseId !== null) await setCaseContact(db, caseId, email, input.now);

  const policy = deps.policy ?? DEFAULT_POLICY;
  const grouped = groupLines(bubbles);
  const replies = grouped.map(({ line, kase }) => render(language, line, kase, policy));
  await finishTurn(db, {
    conversationId: input.conversationId,
    messageId: input.messageId,
    classification: { intent: classified.intent, confidence: classified.confidence, language: classified.language },
    replies: replies.map((reply, index) => ({
      caseId: grouped[index]!.kase ? (caseIdOf.get(grouped[index]!.kase!.ref) ?? caseId) : null,
      text: reply.text,
      redactedText: redact(reply.text),
      quickReplies: reply.quick_replies,
    })),
    dialogState: memoryAfter,
    language: memoryAfter.language,
    caseId,
    at: input.now,
  });
  deps.log?.info(
    { messageId: input.messageId, intent: classified.intent, confidence: classified.confidence, language },
    'message answered',
  );
  return replies;
}

/** The question about `kase`'s pending settlement claim, as the dialog state that asks it; undefined without a claim. */
function settlementAsking(kase: Case): Extract<DialogState, { stage: 'settlement' }> | undefined {
  const claim = pendingSettlementClaim(kase);
  if (!claim) return undefined;
  return {
    stage: 'settlement',
    ref: kase.ref,
    merchant: kase.dispute?.merchantName ?? null,
    amountMinor: claim.amountMinor ?? null,
    currency: claim.currency ?? null,
    misses: 0,
  };
}

/**
 * When the consumer's case waits for their answer (an agent asked for information), this message
 * is that answer: routing records it and the case stops waiting (back to its agent, or to the
 * queue), its deadline cancelled. Returns the case as it is now.
 */
async function answerInformationRequest(deps: DialogDeps, input: StartedTurn): Promise<StoredCase | undefined> {
  const kase = input.latestCase;
  if (!kase || kase.case.status !== 'awaiting_consumer' || kase.case.consumerId !== input.consumerId) return kase;
  const answered = await runCaseCommand(
    deps,
    kase.case.ref,
    { type: 'reply', actor: { kind: 'consumer', id: input.consumerId }, messageId: String(input.messageId) },
    input.now,
  );
  if (answered.ok) return answered.stored;
  deps.log?.info(
    { messageId: input.messageId, caseRef: kase.case.ref, code: answered.error.code },
    'answer to an information request not recorded',
  );
  return kase;
}

interface EffectOutcome {
  bubbles: { line: Line; kase?: Case }[];
  caseId?: number;
  memory?: ConversationMemory['state'];
}

async function carryOut(
  deps: DialogDeps,
  effect: Effect,
  input: ConsumerMessage & { conversationId: string; memory: ConversationMemory },
  language: Language,
  activeCase: StoredCase | undefined,
): Promise<EffectOutcome> {
  const policy: Policy = deps.policy ?? DEFAULT_POLICY;
  switch (effect.type) {
    case 'self_service': {
      const found = deps.findAnswer(language, effect.text);
      const helped: Line = {
        key: 'helped_question',
        expects: 'helped',
        quickReplies: [
          { title: 'qr_helped_yes', payload: 'helped_yes' },
          { title: 'qr_helped_no', payload: 'helped_no' },
          { title: 'qr_human', payload: 'human' },
        ],
      };
      if (found) return { bubbles: [{ line: { key: 'fallback_invoice', text: found.answer } }, { line: helped }] };
      // Too little to go on ("irgendwas stimmt mit meiner Rechnung nicht", "faktura"): asked first.
      if (effect.askFirst)
        return {
          bubbles: [
            {
              line: {
                key: effect.askFirst === 'topic' ? 'ask_topic_question' : 'ask_invoice_problem',
                expects: 'free_text',
                quickReplies: [HUMAN_QR],
              },
            },
          ],
          memory: { stage: 'describe', intent: effect.intent, earlier: effect.text.trim().slice(0, 2_000), misses: 0 },
        };
      // No ready answer: the question goes to a person in customer service at once, rather than a
      // second question the consumer has to answer first.
      const handoff = await carryOut(
        deps,
        { type: 'open_case', intent: effect.intent, slots: emptySlots(effect.text.trim().slice(0, 2_000)) },
        input,
        language,
        activeCase,
      );
      return {
        ...handoff,
        bubbles: [{ line: { key: 'no_ready_answer' } }, ...handoff.bubbles],
        memory: { stage: 'idle', misses: 0 },
      };
    }
    case 'open_case': {
      const result = await openCase(
        deps,
        {
          type: 'open',
          actor: { kind: 'bot' },
          consumerId: input.consumerId,
          conversationId: input.conversationId,
          intent: effect.intent,
          language,
          entities: entitiesOf(effect.slots),
        },
        input.now,
      );
      if (!result.ok) {
        // One dispute per purchase: a second report of it joins the case that has it.
        const existing = 'existing' in result ? (result.existing as StoredCase | undefined) : undefined;
        if (
          result.error.code === 'purchase_has_open_dispute' &&
          existing &&
          existing.case.consumerId === input.consumerId
        ) {
          return {
            bubbles: [
              { line: { key: 'purchase_already_reported', params: { ref: existing.case.ref } } },
              { line: statusLine(existing.case, language), kase: existing.case },
            ],
            caseId: existing.id,
          };
        }
        deps.log?.info({ code: result.error.code }, 'case not opened');
        return { bubbles: [{ line: { key: 'error_generic' } }] };
      }
      const kase = result.stored.case;
      const minutes = policy.serviceLevels[kase.tier].firstResponseMinutes;
      const first: Line =
        effect.intent === 'unrecognized_purchase'
          ? { key: 'handoff_unrecognized' }
          : effect.intent === 'merchant_disagreement'
            ? effect.slots.merchant
              ? { key: 'handoff_dispute', params: { merchant: effect.slots.merchant, days: policy.merchantWindowDays } }
              : { key: 'handoff_dispute_no_shop', params: { days: policy.merchantWindowDays } }
            : effect.intent === 'human_agent'
              ? { key: 'handoff_human', params: { wait: formatWait(language, minutes) } }
              : { key: 'handoff_customer_service', params: { wait: formatWait(language, minutes) } };
      const opened: EffectOutcome = {
        bubbles: [{ line: first }, { line: { key: 'case_reference', params: { ref: kase.ref } }, kase }],
        caseId: result.stored.id,
      };
      // A dispute whose reason nobody said yet: asked now that the case is safe.
      if (effect.intent === 'merchant_disagreement' && !effect.slots.refundReason && kase.dispute) {
        return {
          ...opened,
          bubbles: [...opened.bubbles, { line: refundReasonQuestion() }],
          memory: { stage: 'refund_reason', ref: kase.ref, misses: 0 },
        };
      }
      return opened;
    }
    case 'record_refund_reason': {
      const stored = await findCaseByRef(deps.db, effect.ref);
      if (!stored || stored.case.consumerId !== input.consumerId) return { bubbles: [] };
      const recorded = await runCaseCommand(
        deps,
        effect.ref,
        { type: 'record_refund_reason', actor: { kind: 'consumer', id: input.consumerId }, reason: effect.reason },
        input.now,
      );
      if (!recorded.ok)
        deps.log?.info({ caseRef: effect.ref, code: recorded.error.code }, 'refund reason not recorded');
      return {
        bubbles: [{ line: { key: 'message_added_to_case', params: { ref: effect.ref } }, kase: stored.case }],
        caseId: stored.id,
      };
    }
    case 'note_on_case': {
      // The message is stored with the case (finishTurn's caseId): its person reads it there.
      const stored = await findCaseByRef(deps.db, effect.ref);
      if (!stored || stored.case.consumerId !== input.consumerId) return { bubbles: [] };
      return {
        bubbles: [{ line: { key: 'message_added_to_case', params: { ref: effect.ref } }, kase: stored.case }],
        caseId: stored.id,
      };
    }
    case 'person_for_open_case': {
      // One case per matter: the open case stays the one a person answers; the request is on it
      // (this message is stored with the case).
      if (!activeCase)
        return {
          bubbles: [{ line: { key: 'ask_what_about', expects: 'free_text' } }],
          memory: { stage: 'describe', intent: 'human_agent', misses: 0 },
        };
      return {
        bubbles: [
          { line: { key: 'person_joins_open_case', params: { ref: activeCase.case.ref } }, kase: activeCase.case },
        ],
        caseId: activeCase.id,
      };
    }
    case 'case_status': {
      const own = effect.ref ? await findCaseByRef(deps.db, effect.ref) : activeCase;
      if (effect.ref && (!own || own.case.consumerId !== input.consumerId)) {
        return { bubbles: [{ line: { key: 'case_ref_not_found', params: { ref: effect.ref } } }] };
      }
      if (!own) return { bubbles: [{ line: { key: 'no_case_found' } }] };
      return { bubbles: [{ line: statusLine(own.case, language), kase: own.case }], caseId: own.id };
    }
    case 'escalation_request': {
      // "jag vill klaga": the open case goes higher as a complaint; one as high as it goes before
      // its final statement, or a consumer who asks for the statement itself ("jag vill ha ett
      // slutligt besked"), gets the statement's due date (also on a closed case that has none).
      // Without a case to complain about, or once the statement is given, the ombudsman's way.
      if (activeCase) {
        const kase = activeCase.case;
        const team = (tier: Case['tier']) => t(language, `tier_${tier}`);
        const consumer = { kind: 'consumer', id: input.consumerId } as const;
        const note = redact(effect.text);
        if (kase.status !== 'resolved' && !wantsFinalStatement(effect.text)) {
          const decided = await runCaseCommand(
            deps,
            kase.ref,
            { type: 'request_escalation', actor: consumer, note },
            input.now,
          );
          if (decided.ok) {
            const moved = decided.stored.case;
            const wait = formatWait(language, policy.serviceLevels[moved.tier].firstResponseMinutes);
            return {
              bubbles: [
                {
                  line: { key: 'escalated_on_request', params: { ref: moved.ref, team: team(moved.tier), wait } },
                  kase: moved,
                },
              ],
              caseId: decided.stored.id,
            };
          }
          if (decided.error.code !== 'escalation_not_allowed')
            deps.log?.info({ caseRef: kase.ref, code: decided.error.code }, 'escalation request not recorded');
        }
        const asked = await runCaseCommand(
          deps,
          kase.ref,
          { type: 'request_final_statement', actor: consumer, note },
          input.now,
        );
        if (asked.ok && asked.stored.case.finalStatementDueAt) {
          const due = asked.stored.case;
          const params = { ref: due.ref, team: team(due.tier), date: formatDate(language, due.finalStatementDueAt!) };
          return {
            bubbles: [{ line: { key: 'final_statement_requested', params }, kase: due }],
            caseId: asked.stored.id,
          };
        }
        if (!asked.ok && asked.error.code === 'final_statement_already_requested' && kase.finalStatementDueAt) {
          // Asked again after its date: said so, not a date that has passed.
          const late = kase.finalStatementDueAt.getTime() <= input.now.getTime();
          const line: Line = late
            ? { key: 'final_statement_overdue_told', params: { ref: kase.ref } }
            : {
                key: 'final_statement_pending',
                params: { ref: kase.ref, date: formatDate(language, kase.finalStatementDueAt) },
              };
          return { bubbles: [{ line, kase }], caseId: activeCase.id };
        }
        if (!asked.ok && asked.error.code !== 'final_statement_given')
          deps.log?.info({ caseRef: kase.ref, code: asked.error.code }, 'final statement request not recorded');
      }
      return carryOut(deps, { type: 'ombudsman_info' }, input, language, activeCase);
    }
    case 'ombudsman_info': {
      if (activeCase && isEligibleForOmbudsman(activeCase.case)) {
        return {
          bubbles: [
            {
              line: { key: 'ombudsman_eligible', params: { ref: activeCase.case.ref, url: deps.ombudsmanUrl } },
              kase: activeCase.case,
            },
          ],
        };
      }
      // Told of a final statement on a case this chat does not show: how to send the request.
      if (effect.finalStatementTold)
        return { bubbles: [{ line: { key: 'ombudsman_final_statement_told', params: { url: deps.ombudsmanUrl } } }] };
      return {
        bubbles: [
          { line: { key: 'ombudsman_info', params: { url: deps.ombudsmanUrl } } },
          { line: { key: 'ombudsman_not_eligible' } },
        ],
      };
    }
    case 'offer_purchases': {
      const purchases = deps.purchases
        ? await deps.purchases.recentPurchases(input.consumerId, {
            since: new Date(input.now.getTime() - 90 * 86_400_000),
          })
        : [];
      const found = purchasesFound(input.memory, purchases);
      return { bubbles: found.say.map((line) => ({ line })), memory: found.memory.state };
    }
    case 'settlement_answer': {
      const actor = { kind: 'consumer' as const, id: input.consumerId };
      const stored = await findCaseByRef(deps.db, effect.ref);
      if (!stored || stored.case.consumerId !== input.consumerId)
        return { bubbles: [{ line: { key: 'case_ref_not_found', params: { ref: effect.ref } } }] };
      const command = effect.confirmed
        ? { type: 'consumer_confirmed_settlement' as const, actor }
        : { type: 'consumer_objected' as const, actor, ...(effect.reason ? { reason: redact(effect.reason) } : {}) };
      const decided = await runCaseCommand(deps, effect.ref, command, input.now);
      if (!decided.ok) {
        deps.log?.info({ caseRef: effect.ref, code: decided.error.code }, 'settlement answer not recorded');
        const now = (await findCaseByRef(deps.db, effect.ref)) ?? stored;
        return {
          bubbles: [
            { line: { key: 'settlement_claim_gone', params: { ref: effect.ref } } },
            { line: statusLine(now.case, language), kase: now.case },
          ],
          caseId: now.id,
        };
      }
      const kase = decided.stored.case;
      return {
        bubbles: [
          {
            line: { key: effect.confirmed ? 'settlement_confirmed' : 'settlement_objected', params: { ref: kase.ref } },
            kase,
          },
        ],
        caseId: decided.stored.id,
      };
    }
    case 'rate_case': {
      const rated = await findCaseByRef(deps.db, effect.ref);
      if (rated && rated.case.consumerId === input.consumerId)
        await rateCase(deps.db, rated.id, effect.rating, input.now);
      return { bubbles: [] };
    }
    case 'comment_rating': {
      const rated = await findCaseByRef(deps.db, effect.ref);
      if (rated && rated.case.consumerId === input.consumerId) await commentRating(deps.db, rated.id, effect.comment);
      return { bubbles: [] };
    }
  }
}

function statusLine(kase: Case, language: Language): Line {
  switch (kase.status) {
    case 'queued':
      return { key: kase.tier === 'ombudsman' ? 'status_with_ombudsman' : 'status_queued', params: { ref: kase.ref } };
    case 'assigned':
      return { key: 'status_assigned', params: { ref: kase.ref } };
    case 'awaiting_consumer':
      return { key: 'status_awaiting_consumer', params: { ref: kase.ref } };
    case 'awaiting_merchant':
      return {
        key: 'status_awaiting_merchant',
        params: {
          ref: kase.ref,
          date: kase.dispute?.windowEndsAt ? formatDate(language, kase.dispute.windowEndsAt) : '?',
        },
      };
    case 'resolved':
      return {
        key: 'status_resolved',
        params: { ref: kase.ref, outcome: { key: `outcome_${kase.outcome ?? 'answered'}` as MessageKey } },
      };
  }
}

function entitiesOf(slots: Slots) {
  return {
    merchant: slots.merchant,
    amountMinor: slots.amountMinor,
    currency: slots.currency && /^[A-Z]{3}$/.test(slots.currency) ? slots.currency : null,
    orderNumber: slots.orderNumber,
    purchaseId: slots.purchaseId,
    purchaseDate: slots.date && /^\d{4}-\d\d-\d\d$/.test(slots.date) ? slots.date : null,
    contactedMerchant: slots.contactedMerchant,
    refundReason: slots.refundReason,
  };
}

/** "sv-SE" -> {language: sv, market: SE}; "nb-NO" and "nn-NO" are Norwegian; anything else unknown. */
export function parseLocale(locale: string | null | undefined): { language: Language | null; market: string | null } {
  const match = /^([a-z]{2,3})(?:[-_]([A-Za-z]{2}))?/.exec((locale ?? '').trim().toLowerCase());
  if (!match) return { language: null, market: null };
  const code = match[1] === 'nb' || match[1] === 'nn' ? 'no' : match[1]!;
  const language = (LANGUAGES as readonly string[]).includes(code) ? (code as Language) : null;
  return { language, market: match[2] ? match[2].toUpperCase() : null };
}

/** Consecutive lines of one group become one bubble: their texts on separate lines, the last one's buttons. */
function groupLines(bubbles: { line: Line; kase?: Case }[]): { line: Line | Line[]; kase?: Case }[] {
  const grouped: { line: Line | Line[]; kase?: Case }[] = [];
  for (const bubble of bubbles) {
    const previous = grouped.at(-1);
    if (
      bubble.line.group &&
      previous &&
      Array.isArray(previous.line) &&
      previous.line[0]!.group === bubble.line.group
    ) {
      previous.line.push(bubble.line);
    } else {
      grouped.push(bubble.line.group ? { line: [bubble.line], kase: bubble.kase } : bubble);
    }
  }
  return grouped;
}

/** A line in the consumer's language; a line may carry its own text (a knowledge answer). */
function render(language: Language, lines: Line | Line[], kase: Case | undefined, policy: Policy): BotReply {
  const all = Array.isArray(lines) ? lines : [lines];
  const line = all.at(-1)!;
  const text = all.map((one) => renderText(language, one)).join('\n');
  const expects = [...all].reverse().find((one) => one.expects)?.expects;
  return {
    type: 'message',
    text,
    ...(expects ? { expects } : {}),
    ...(line.quickReplies
      ? {
          quick_replies: line.quickReplies.map((reply) => ({
            title: quickReplyTitle(language, reply),
            payload: reply.payload,
          })),
        }
      : {}),
    ...(kase
      ? {
          case: {
            ref: kase.ref,
            tier: kase.tier,
            status: kase.status,
            intent: kase.intent as Intent,
            // what the case card promises: the tier's first-response target
            ...(kase.status === 'queued'
              ? { expectedWaitMinutes: policy.serviceLevels[kase.tier].firstResponseMinutes }
              : {}),
          },
        }
      : {}),
  };
}

/** A button's words: a catalogue text, or a purchase as "Zalando · 899,00 kr · 3 nov." */
function quickReplyTitle(language: Language, reply: QuickReply): string {
  if (typeof reply.title === 'string') return renderKey(language, reply.title, {});
  const { merchant, amountMinor, currency, purchaseDate } = reply.title.purchase;
  const day = new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${purchaseDate}T12:00:00Z`),
  );
  return `${merchant.slice(0, 40)} · ${formatAmount(language, amountMinor, currency)} · ${day}`;
}

function renderText(language: Language, line: Line): string {
  if (line.text !== undefined) return line.text;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(line.params ?? {})) {
    if (typeof value !== 'object') params[name] = String(value);
    else if ('key' in value) params[name] = renderKey(language, value.key, {});
    else if ('amountMinor' in value) params[name] = formatAmount(language, value.amountMinor, value.currency);
    else if ('month' in value) params[name] = formatMonth(language, new Date(`${value.month}T12:00:00Z`));
    else params[name] = formatDate(language, new Date(`${value.date}T12:00:00Z`));
  }
  return renderKey(language, line.key, params);
}

function renderKey(language: Language, key: MessageKey, params: Record<string, string>): string {
  const text = template(language, key);
  // Every catalogue holds every key (a test keeps them complete): a gap is a bug, not English.
  if (text === undefined) throw new Error(`catalogue ${language} has no "${key}"`);
  return fillTemplate(text, params, `${language}.${key}`);
}

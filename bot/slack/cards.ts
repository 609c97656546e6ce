// A case's card in a tier's channel, as Block Kit: pure, no I/O, the clock a parameter. Every
// piece of text passes through redact() (PII never reaches Slack, docs/peers.md) and is escaped for
// mrkdwn, so a consumer cannot ping @channel or forge a link. Buttons come from routing itself:
// a button is shown only if a trial decide() of its command, by an agent of the channel's tier
// (the holder, when someone holds the case), would be accepted. Nobody escalates to the
// ombudsman from Slack, so there is never such a button; the ombudsman's own channel shows its
// cases with the ombudsman's Decide (upheld | overturned).
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { redact } from '../../intents/redact.ts';
import {
  decide,
  DEFAULT_POLICY,
  DISPUTE_KINDS,
  hasOpenDispute,
  OVERTURN_OUTCOMES,
  RESOLVE_OUTCOMES,
  serviceLevelState,
  type Case,
  type ClockState,
  type Command,
  type Policy,
  type Tier,
} from '../../routing/index.ts';

/** The action ids of the card's buttons; each button's value is the case reference. */
export const CARD_ACTIONS = {
  pickUp: 'case_pick_up',
  release: 'case_release',
  reply: 'case_reply',
  askForInfo: 'case_ask_for_info',
  escalateInvestigation: 'case_escalate_investigation',
  escalateSpecialist: 'case_escalate_specialist',
  finalStatement: 'case_final_statement',
  resolve: 'case_resolve',
  merchantSettled: 'case_merchant_settled',
  merchantResponded: 'case_merchant_responded',
  decide: 'case_decide',
  ombudsmanDecide: 'case_ombudsman_decide',
  /** Answers the clicking agent with fresh signed links to the case's files (docs/evidence.md). */
  evidenceLinks: 'case_evidence_links',
} as const;
export type CardAction = (typeof CARD_ACTIONS)[keyof typeof CARD_ACTIONS];

export interface TranscriptLine {
  from: 'consumer' | 'bot' | 'agent';
  text: string;
}

export interface CardInput {
  case: Case;
  /** The classifier's confidence in the case's intent, 0..1; null when not known. */
  confidence: number | null;
  summary: string | null;
  /** The latest lines of the conversation, oldest first. */
  transcript: readonly TranscriptLine[];
  /** What the classifier found (merchant, amount, order number, ...), as label -> value. */
  entities: Readonly<Record<string, string>>;
  /** Internal notes kept on the case (`note:` in the thread): how many, and the latest, masked. */
  notes?: { count: number; latest: string | null };
  /** Where the ombudsman reads the case's whole dossier (shown on cards in the ombudsman's channel). */
  dossierUrl?: string;
  /** The files uploaded to the case by the consumer and the merchant, oldest first. */
  evidence?: readonly CardEvidence[];
  /** Complaints about the case in the complaints register (letters, authorities, ...), oldest first. */
  complaints?: readonly CardComplaint[];
  /** The tier of the channel the card is posted in. */
  channelTier: Tier;
  now: Date;
  policy?: Policy;
}

export interface CardComplaint {
  id: number;
  channel: string;
  /** The authority's name, for one that came through an authority. */
  authority: string | null;
  summary: string;
  receivedAt: Date;
  answerDueAt: Date;
  answeredAt: Date | null;
}

/** "#3 by letter, came 2026-12-01: answer by 2026-12-15 (OVERDUE). 'summary'" */
export function complaintLine(k: CardComplaint, now: Date): string {
  const how = k.authority ? `through ${k.authority}` : `by ${k.channel === 'email' ? 'e-mail' : k.channel}`;
  const state = k.answeredAt
    ? `answered ${day(k.answeredAt)}`
    : now.getTime() >= k.answerDueAt.getTime()
      ? `:warning: answer was due ${day(k.answerDueAt)}, OVERDUE`
      : `answer by ${day(k.answerDueAt)}`;
  return `#${k.id} ${how}, came ${day(k.receivedAt)}: ${state}. ${clip(k.summary, 120)}`;
}

export interface CardEvidence {
  id: string;
  from: 'consumer' | 'merchant';
  type: string;
  bytes: number;
}

const EVIDENCE_TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

function sizeWords(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} kB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One file as the card and the links message name it: who sent it, its type and size, its id. */
export function evidenceWords(file: CardEvidence): string {
  return `${file.from === 'consumer' ? 'Consumer' : 'Merchant'} · ${EVIDENCE_TYPE_NAMES[file.type] ?? 'file'} · ${sizeWords(file.bytes)} · ${file.id}`;
}

export interface Card {
  /** The notification text (chat.postMessage's `text`). */
  text: string;
  blocks: KnownBlock[];
}

export const TIER_NAMES: Record<Tier, string> = {
  customer_service: 'Customer service',
  investigation: 'Investigation',
  specialist: 'Specialist team',
  ombudsman: 'Ombudsman',
};
const PRIORITY_NAMES = ['urgent', 'high', 'normal'] as const;
const CLOCK_WORDS: Record<ClockState, string> = {
  stopped: 'no clock',
  met: 'met',
  running: 'on time',
  near: ':warning: near breach',
  breached: ':rotating_light: breached',
};

// Slack's limits: a section's text 3000 characters, a field 2000.
const MAX_SECTION = 2_900;
const MAX_LINE = 300;

/** Personal data masked, then mrkdwn's control characters escaped (Slack's own rule). */
export function safeText(text: string): string {
  return redact(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function formatWait(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/** A Slack user (the desk's agents) as a mention; an agent of another desk by its id. */
function assigneeText(assignee: string | null): string {
  if (assignee === null) return 'nobody';
  return SLACK_USER.test(assignee) ? `<@${assignee}>` : safeText(assignee);
}

function words(value: string): string {
  return value.replace(/_/g, ' ');
}

/** The card's commands, each with the trial command that tells whether it is legal now. */
function trials(
  c: Case,
  tier: Tier,
): { action: CardAction; label: string; style?: 'primary' | 'danger'; commands: Command[] }[] {
  // Holding commands are tried as the holder: the card is the same for every agent of the
  // channel, and the handler checks the clicking agent again.
  const actor = { kind: 'agent', id: c.assignee ?? 'slack-card', tier } as const;
  const text = 'trial';
  return [
    { action: CARD_ACTIONS.pickUp, label: 'Pick up', style: 'primary', commands: [{ type: 'pick_up', actor }] },
    { action: CARD_ACTIONS.release, label: 'Release', commands: [{ type: 'release', actor }] },
    { action: CARD_ACTIONS.reply, label: 'Reply', commands: [{ type: 'reply', actor }] },
    {
      action: CARD_ACTIONS.askForInfo,
      label: 'Ask for info',
      commands: [{ type: 'request_info', actor, from: 'consumer' }],
    },
    {
      action: CARD_ACTIONS.escalateInvestigation,
      label: 'Escalate: investigation',
      // The modal asks which kind of dispute it opens.
      commands: DISPUTE_KINDS.map(
        (kind) => ({ type: 'escalate', actor, to: 'investigation', reason: 'buyer_protection', kind }) as const,
      ),
    },
    {
      action: CARD_ACTIONS.escalateSpecialist,
      label: 'Escalate: specialist',
      commands: [
        { type: 'escalate', actor, to: 'specialist', reason: c.technicalFault ? 'technical_fault' : 'outside_routine' },
      ],
    },
    {
      action: CARD_ACTIONS.merchantSettled,
      label: 'Merchant settled',
      commands: [{ type: 'merchant_settlement_claimed', actor }],
    },
    {
      action: CARD_ACTIONS.merchantResponded,
      label: 'Merchant responded',
      commands: [{ type: 'merchant_responded', actor }],
    },
    {
      action: CARD_ACTIONS.decide,
      label: 'Decide',
      commands: [
        { type: 'decide_investigation', actor, decision: 'merchant_favour', reasoning: text },
        { type: 'decide_investigation', actor, decision: 'consumer_favour', reasoning: text },
      ],
    },
    {
      action: CARD_ACTIONS.ombudsmanDecide,
      label: 'Decide',
      commands: [
        { type: 'ombudsman_decide', actor, decision: 'upheld', reasoning: text },
        ...OVERTURN_OUTCOMES.map(
          (newOutcome) =>
            ({ type: 'ombudsman_decide', actor, decision: 'overturned', reasoning: text, newOutcome }) as const,
        ),
      ],
    },
    {
      action: CARD_ACTIONS.finalStatement,
      label: 'Final statement',
      commands: [{ type: 'issue_final_statement', actor, text }],
    },
    {
      action: CARD_ACTIONS.resolve,
      label: 'Resolve',
      style: 'primary',
      commands: RESOLVE_OUTCOMES.map((outcome) => ({ type: 'resolve', actor, outcome }) as const),
    },
  ];
}

/** The action ids a card for this case shows in a channel of `tier`, in display order. */
export function availableActions(c: Case, tier: Tier, now: Date, policy: Policy = DEFAULT_POLICY): CardAction[] {
  return trials(c, tier)
    .filter((trial) => trial.commands.some((command) => decide(c, command, now, policy).ok))
    .map((trial) => trial.action);
}

function button(c: Case, action: CardAction, label: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: action,
    text: { type: 'plain_text', text: label },
    value: c.ref,
    ...(style ? { style } : {}),
  };
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Where investigation stands in the seed's order on a merchant disagreement: the consumer's
 * account, then the merchant's, then the decision (routing refuses the steps out of order; the
 * card says which is next). Null for any other case.
 */
export function investigationOrder(c: Case): string | null {
  const d = c.dispute;
  if (c.tier !== 'investigation' || d === null || d.kind !== 'merchant_disagreement' || !hasOpenDispute(c)) return null;
  const consumer =
    d.consumerAccountAt !== null
      ? `given ${day(d.consumerAccountAt)}`
      : c.status === 'awaiting_consumer' && c.waitingUntil
        ? `asked, due ${day(c.waitingUntil)}`
        : 'not asked yet: *Ask for info* the consumer first';
  const merchant =
    c.status === 'awaiting_merchant' && d.escalatedAt !== null && c.waitingUntil
      ? `asked, due ${day(c.waitingUntil)}`
      : d.merchantAnswer === 'responded' && d.merchantAnsweredAt
        ? `responded ${day(d.merchantAnsweredAt)}`
        : d.consumerAccountAt !== null
          ? 'none yet: *Ask for info* the merchant (one that never answers loses by default)'
          : 'none yet';
  const next = d.consumerAccountAt === null ? "the consumer's account" : 'the decision (or the merchant first)';
  return `*Investigation's order*\n1. Consumer's account: ${consumer}\n2. Merchant's account: ${merchant}\n3. Decide. Next: ${next}`;
}

/** The consumer asked for the final statement: by when, or that it is overdue. Null when not asked or given. */
export function finalStatementAsked(c: Case, now: Date): string | null {
  if (c.finalStatementDueAt === null || c.finalStatementAt !== null) return null;
  const overdue = c.finalStatementOverdueAt !== null || now.getTime() >= c.finalStatementDueAt.getTime();
  return overdue
    ? `:warning: *Final statement OVERDUE*: the consumer asked for it; it was due ${day(c.finalStatementDueAt)}. Give it with *Final statement*.`
    : `:scroll: *Final statement asked for* by the consumer: due ${day(c.finalStatementDueAt)}. Give it with *Final statement*.`;
}

export function renderCard(input: CardInput): Card {
  const c = input.case;
  const policy = input.policy ?? DEFAULT_POLICY;
  const levels = serviceLevelState(c, input.now, policy);
  const waitingSince = c.queuedAt ?? c.openedAt;
  const waiting = c.status === 'resolved' ? '–' : formatWait(input.now.getTime() - waitingSince.getTime());
  const field = (label: string, value: string) => ({
    type: 'mrkdwn' as const,
    text: `*${label}*\n${clip(safeText(value), MAX_LINE)}`,
  });

  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${safeText(c.ref)}* · ${safeText(words(c.intent))} · ${TIER_NAMES[c.tier]}` },
    },
    {
      type: 'section',
      fields: [
        field('Confidence', input.confidence === null ? 'unknown' : `${Math.round(input.confidence * 100)} %`),
        field('Language', c.language),
        field('Priority', PRIORITY_NAMES[c.priority] ?? String(c.priority)),
        field('Waiting', waiting),
        field(
          'Service level',
          `first response ${CLOCK_WORDS[levels.firstResponse]}, resolution ${CLOCK_WORDS[levels.resolution]}`,
        ),
        { type: 'mrkdwn', text: `*Assignee*\n${assigneeText(c.assignee)}` },
        field('Status', words(c.status)),
        field('Tier', TIER_NAMES[c.tier]),
      ],
    },
  ];

  if (input.summary) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Summary*\n${clip(safeText(input.summary), MAX_SECTION)}` },
    });
  }
  const entities = Object.entries(input.entities).filter(([, value]) => value !== '');
  if (entities.length > 0) {
    const lines = entities.map(([label, value]) => `${safeText(words(label))}: ${clip(safeText(value), MAX_LINE)}`);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*Entities*\n${lines.join('\n')}`, MAX_SECTION) },
    });
  }
  const order = investigationOrder(c);
  if (order) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: order } });
  const statement = finalStatementAsked(c, input.now);
  if (statement) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: statement } });
  if (input.complaints && input.complaints.length > 0) {
    const lines = input.complaints.map((k) => `• ${safeText(complaintLine(k, input.now))}`);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `:envelope_with_arrow: *Complaints registered* (${input.complaints.length})\n${lines.join('\n')}`,
          MAX_SECTION,
        ),
      },
    });
  }
  if (input.transcript.length > 0) {
    // Newest lines are kept when the transcript is too long for one section.
    const lines: string[] = [];
    let length = 0;
    for (const line of [...input.transcript].reverse()) {
      const rendered = `_${line.from}:_ ${clip(safeText(line.text), MAX_LINE)}`;
      if (length + rendered.length + 1 > MAX_SECTION - 20) break;
      lines.unshift(rendered);
      length += rendered.length + 1;
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Transcript*\n${lines.join('\n')}` } });
  }
  if (input.evidence && input.evidence.length > 0) {
    // The files are named only: a link on the card would outlive its 15 minutes, so the button
    // answers the agent who clicks with links signed then.
    const lines = input.evidence.map((file) => `• ${safeText(evidenceWords(file))}`);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*Evidence* (${input.evidence.length})\n${lines.join('\n')}`, MAX_SECTION) },
      accessory: button(c, CARD_ACTIONS.evidenceLinks, 'Open files'),
    });
  }
  if (input.dossierUrl && input.channelTier === 'ombudsman') {
    // Our own address with an encoded reference: nothing in it can break out of the link.
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:page_facing_up: <${input.dossierUrl}|Open the dossier> (the written request and the whole history)`,
      },
    });
  }
  const notes = input.notes;
  if (notes && notes.count > 0) {
    const latest = notes.latest ? `; latest: ${clip(safeText(notes.latest), MAX_LINE)}` : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `:memo: *${notes.count} internal note${notes.count === 1 ? '' : 's'}*${latest}` },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Messages in this thread go to the consumer; start one with `note:` to keep it internal (kept on the case, never sent).',
      },
    ],
  });

  const shown = new Set(availableActions(c, input.channelTier, input.now, policy));
  const buttons = trials(c, input.channelTier)
    .filter((trial) => shown.has(trial.action))
    .map((trial) => button(c, trial.action, trial.label, trial.style));
  if (buttons.length > 0) {
    const actions: ActionsBlock = { type: 'actions', block_id: `case:${c.ref}`, elements: buttons };
    blocks.push(actions);
  }

  const text = `${c.ref}: ${words(c.intent)}, ${words(c.status)}${c.assignee ? '' : `, waiting ${waiting}`} (${TIER_NAMES[c.tier]})`;
  return { text: safeText(text), blocks };
}

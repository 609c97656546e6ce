// The business's knobs, as a parameter with defaults (routing reads no environment). The
// defaults and why:
// - merchantWindowDays 21: docs/domain.md; the merchant help pages speak of 14 to 21 days.
// - settlementConfirmationDays 7: docs/ladder.md; a merchant's claim to have settled closes the dispute
//   when the consumer confirms it or does not object within this many days.
// - consumerInfoDays / merchantInfoDays 14: default due time of an information request when the
//   agent gives none; two weeks lets a consumer find receipts and a merchant dig in its systems.
// - finalStatementDays 14: a consumer who asks for a final statement gets it within this many
//   days (docs/ladder.md); past that the case is raised to urgent and the card says it is overdue.
// - service levels (first response / resolution), counted from when a case joins a tier:
//     customer_service  15 min / 2 days   staffed around the clock; the bot takes the easy tail
//     investigation      4 h   / 30 days  buyer protection asks both parties and waits for them
//     specialist         1 day / 10 days  slower, involves other departments and developers
//     ombudsman          2 days / 30 days rare, reads the whole history
// - nearBreachShare 0.2: a target is "near breach" in its last fifth (3 min of CS's 15).
// - maxOpenCasesPerAgent 5: an agent holds at most this many open cases (docs/peers.md); Infinity
//   for no cap.
// - disputeRateThreshold 0.015: merchants above 1.5 % disputes pay extra per escalated dispute.
// - merchantReminders: when a merchant that has not settled is reminded of a dispute in its
//   window (docs/events.md): 7 and 14 days after it opened and 2 days before the window ends
//   (issue 17). A point outside the window, or a day count that is not a positive whole number,
//   is never reminded.
// - outsideBodies: per market (ISO 3166 country code), the body outside the company that a
//   consumer can take a financial-services dispute to after our final statement and the
//   ombudsman; named in the final statement's notice (docs/outcomes.md). Operators change it with
//   policyWith({ outsideBodies: {...} }); a market missing here gets a general phrase instead.
// - disputeFees: per market, the standard dispute fee charged when a dispute escalates unresolved,
//   and the cap of the surcharge on a merchant over disputeRateThreshold (EUR 30, the seed's figure,
//   or its equivalent), in minor units (routing/fees.ts, docs/merchants.md "Fees"). The fee amounts
//   are the operator's to set (policyWith({ disputeFees: {...} })); the defaults are round figures
//   of the same order, not any company's price list. `default` applies to a market not listed.
// - surchargeBasisPoints 10000: the surcharge is this share of the disputed amount (10000 = all of
//   it), at most the cap: a merchant over the threshold pays up to EUR 30 per escalated dispute.
import type { MarketFees } from './fees.ts';
import type { Tier } from './types.ts';
import { DEFAULT_TEAMS, type ProductTeam } from './teams.ts';

export interface ServiceLevel {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface Policy {
  merchantWindowDays: number;
  settlementConfirmationDays: number;
  consumerInfoDays: number;
  merchantInfoDays: number;
  finalStatementDays: number;
  serviceLevels: Record<Tier, ServiceLevel>;
  nearBreachShare: number;
  maxOpenCasesPerAgent: number;
  disputeRateThreshold: number;
  merchantReminders: Readonly<{ afterOpeningDays: readonly number[]; beforeWindowEndDays: readonly number[] }>;
  outsideBodies: Readonly<Record<string, readonly string[]>>;
  disputeFees: Readonly<Record<string, MarketFees>>;
  surchargeBasisPoints: number;
  /** The product teams the monthly report gives a page each (routing/teams.ts). */
  productTeams: readonly ProductTeam[];
}

const DAY_MINUTES = 24 * 60;

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  merchantWindowDays: 21,
  settlementConfirmationDays: 7,
  consumerInfoDays: 14,
  merchantInfoDays: 14,
  finalStatementDays: 14,
  serviceLevels: Object.freeze({
    customer_service: { firstResponseMinutes: 15, resolutionMinutes: 2 * DAY_MINUTES },
    investigation: { firstResponseMinutes: 4 * 60, resolutionMinutes: 30 * DAY_MINUTES },
    specialist: { firstResponseMinutes: DAY_MINUTES, resolutionMinutes: 10 * DAY_MINUTES },
    ombudsman: { firstResponseMinutes: 2 * DAY_MINUTES, resolutionMinutes: 30 * DAY_MINUTES },
  }),
  nearBreachShare: 0.2,
  maxOpenCasesPerAgent: 5,
  disputeRateThreshold: 0.015,
  merchantReminders: Object.freeze({
    afterOpeningDays: Object.freeze([7, 14]),
    beforeWindowEndDays: Object.freeze([2]),
  }),
  outsideBodies: Object.freeze({
    SE: ['Allmänna reklamationsnämnden (ARN)'],
    NO: ['Finansklagenemnda'],
    DK: ['Pengeinstitutankenævnet'],
    FI: ['FINE (Vakuutus- ja rahoitusneuvonta)', 'Kuluttajariitalautakunta'],
    DE: ['Schlichtungsstelle bei der Deutschen Bundesbank'],
  }),
  disputeFees: Object.freeze({
    SE: {
      disputeFee: { amountMinor: 25_000, currency: 'SEK' },
      surchargeCap: { amountMinor: 35_000, currency: 'SEK' },
    },
    NO: {
      disputeFee: { amountMinor: 25_000, currency: 'NOK' },
      surchargeCap: { amountMinor: 35_000, currency: 'NOK' },
    },
    DK: {
      disputeFee: { amountMinor: 18_500, currency: 'DKK' },
      surchargeCap: { amountMinor: 22_500, currency: 'DKK' },
    },
    FI: { disputeFee: { amountMinor: 2_500, currency: 'EUR' }, surchargeCap: { amountMinor: 3_000, currency: 'EUR' } },
    DE: { disputeFee: { amountMinor: 2_500, currency: 'EUR' }, surchargeCap: { amountMinor: 3_000, currency: 'EUR' } },
    default: {
      disputeFee: { amountMinor: 2_500, currency: 'EUR' },
      surchargeCap: { amountMinor: 3_000, currency: 'EUR' },
    },
  }),
  surchargeBasisPoints: 10_000,
  productTeams: DEFAULT_TEAMS,
});

/** The outside bodies for a market, e.g. outsideBodiesFor(policy, 'SE'); none for an unknown market. */
export function outsideBodiesFor(policy: Policy, market: string | null | undefined): readonly string[] {
  return (market && policy.outsideBodies[market.toUpperCase()]) || [];
}

export interface PolicyOverrides extends Partial<Omit<Policy, 'serviceLevels'>> {
  serviceLevels?: Partial<Record<Tier, Partial<ServiceLevel>>>;
}

/** The default policy with some values changed, e.g. `policyWith({ merchantWindowDays: 14 })`. */
export function policyWith(overrides: PolicyOverrides): Policy {
  const { serviceLevels, ...rest } = overrides;
  const levels = { ...DEFAULT_POLICY.serviceLevels };
  for (const [tier, level] of Object.entries(serviceLevels ?? {}) as Array<[Tier, Partial<ServiceLevel>]>) {
    levels[tier] = { ...levels[tier], ...level };
  }
  return { ...DEFAULT_POLICY, ...rest, serviceLevels: levels };
}

export const MINUTE_MS = 60_000;
export const DAY_MS = DAY_MINUTES * MINUTE_MS;

/** Days are 24-hour periods: the window is measured in elapsed time, whatever the time zone. */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MINUTE_MS);
}

/**
 * The times in a dispute's window at which the merchant is reminded, earliest first: the policy's
 * days after the opening and before the window's end, each strictly inside the window, once each.
 */
export function merchantReminderPoints(openedAt: Date, windowEndsAt: Date, policy: Policy): Date[] {
  const valid = (days: number) => Number.isInteger(days) && days > 0;
  const times = [
    ...policy.merchantReminders.afterOpeningDays.filter(valid).map((days) => addDays(openedAt, days).getTime()),
    ...policy.merchantReminders.beforeWindowEndDays.filter(valid).map((days) => addDays(windowEndsAt, -days).getTime()),
  ].filter((time) => time > openedAt.getTime() && time < windowEndsAt.getTime());
  return [...new Set(times)].sort((a, b) => a - b).map((time) => new Date(time));
}

/** The first reminder point later than `after`; null when none is left in the window. */
export function nextMerchantReminder(openedAt: Date, windowEndsAt: Date, after: Date, policy: Policy): Date | null {
  return (
    merchantReminderPoints(openedAt, windowEndsAt, policy).find((point) => point.getTime() > after.getTime()) ?? null
  );
}

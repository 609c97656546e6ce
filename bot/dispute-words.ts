// A dispute's facts in the words the desks read (the agents' Slack cards, the ombudsman's
// dossier): English, for people who work the cases, not the consumer (whose words are the
// catalogues'). One place, so a card and a dossier never describe one dispute two ways.
import { formatAmount } from './dialog/catalogue/format.ts';
import type { SettlementClaim } from '../routing/index.ts';

export { REFUND_REASON_WORDS } from '../routing/index.ts';

/** An amount in minor units with its ISO 4217 currency, e.g. "SEK 1,299.00"; a dash when not known. */
export function deskMoney(amountMinor: number | null, currency: string | null): string {
  if (amountMinor === null) return '—';
  return currency ? formatAmount('en', amountMinor, currency) : `${amountMinor} (minor units, currency not known)`;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/** Where the merchant's claim to have settled stands, in one line. */
export function settlementWords(claim: SettlementClaim): string {
  const what =
    claim.amountMinor === null ? 'says it settled' : `says it refunded ${deskMoney(claim.amountMinor, claim.currency)}`;
  const by = claim.claimedBy === 'merchant' ? 'the merchant' : `${claim.claimedBy} for the merchant`;
  switch (claim.status) {
    case 'pending':
      return `${by} ${what} (${day(claim.claimedAt)}); waiting for the consumer to confirm or object until ${day(claim.confirmBy)}`;
    case 'confirmed':
      return `${by} ${what} (${day(claim.claimedAt)}); the consumer confirmed it`;
    case 'unopposed':
      return `${by} ${what} (${day(claim.claimedAt)}); the consumer did not object by ${day(claim.confirmBy)}`;
    case 'objected':
      return `${by} ${what} (${day(claim.claimedAt)}); the consumer objected, the dispute went on`;
    case 'lapsed':
      return `${by} ${what} (${day(claim.claimedAt)}); the dispute ended otherwise before the consumer answered`;
  }
}

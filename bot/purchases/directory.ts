// The purchase directory: what the bot knows of a consumer's purchases, behind one interface
// whatever the source (the payments core over HTTP when PURCHASES_URL is set, the purchases table
// otherwise). Only an identified consumer has purchases: the sources know them by the identity
// token's subject, so an anonymous consumer gets none and reports by typing the facts as before.
// The directory never throws into the chat: a source that fails is logged and answers none.
import type { Config } from '../config.ts';
import { identifiedConsumer, purchasesOf, type Db } from '../../db/index.ts';
import type { Purchase } from '../../routing/index.ts';
import { httpPurchases, PurchasesUnavailable } from './http.ts';

export interface PurchaseDirectory {
  /**
   * The consumer's purchases bought on or after `since` (default: 90 days before now), newest
   * first, at most 20. `consumerId` is the chat's consumer id. None for an anonymous consumer and
   * when the source cannot answer (logged): the dialog then asks for the facts. Never throws.
   */
  recentPurchases(consumerId: string, options?: { since?: Date }): Promise<Purchase[]>;
}

/** A source of purchases, asked with the consumer as the company knows them. May throw. */
export interface PurchaseSource {
  readonly kind: 'http' | 'table';
  purchasesOf(customerId: string, query: { since: string; limit: number }): Promise<Purchase[]>;
}

export interface WarnLog {
  warn(object: object, message: string): void;
}

export const LOOKBACK_DAYS = 90;
export const MAX_PURCHASES = 20;

export function tablePurchases(db: Db): PurchaseSource {
  return { kind: 'table', purchasesOf: (customerId, query) => purchasesOf(db, customerId, query) };
}

/** The source the configuration names, behind the directory's guarantees. */
export function createPurchaseDirectory(
  config: Pick<Config, 'PURCHASES_URL' | 'PURCHASES_TOKEN' | 'PURCHASES_TIMEOUT_MS'>,
  deps: { db: Db; log: WarnLog; now?: () => Date },
): PurchaseDirectory {
  const source = config.PURCHASES_URL
    ? httpPurchases({
        url: config.PURCHASES_URL,
        token: config.PURCHASES_TOKEN,
        timeoutMs: config.PURCHASES_TIMEOUT_MS,
        log: deps.log,
      })
    : tablePurchases(deps.db);
  return purchaseDirectory(source, deps);
}

export function purchaseDirectory(
  source: PurchaseSource,
  deps: { db: Db; log: WarnLog; now?: () => Date },
): PurchaseDirectory {
  const now = deps.now ?? (() => new Date());
  return {
    async recentPurchases(consumerId, options = {}) {
      const since = (options.since ?? new Date(now().getTime() - LOOKBACK_DAYS * 86_400_000))
        .toISOString()
        .slice(0, 10);
      try {
        const consumer = await identifiedConsumer(deps.db, consumerId);
        if (!consumer) return [];
        const purchases = await source.purchasesOf(consumer.subject, { since, limit: MAX_PURCHASES });
        // The same answer from either source, whatever the core sent: in the period, newest first.
        return purchases
          .filter((purchase) => purchase.purchaseDate >= since)
          .sort((a, b) => b.purchaseDate.localeCompare(a.purchaseDate) || a.id.localeCompare(b.id))
          .slice(0, MAX_PURCHASES);
      } catch (error) {
        // No consumer id or purchase data in the line: the reason is enough to act on.
        const reason = error instanceof PurchasesUnavailable ? error.reason : 'error';
        deps.log.warn(
          { source: source.kind, reason, error: (error as Error).message },
          'purchase directory unavailable; the consumer types the facts',
        );
        return [];
      }
    },
  };
}

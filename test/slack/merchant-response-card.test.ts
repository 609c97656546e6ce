// The merchant's contest on the investigation card (issue 17): what it answered through its API,
// masked, with its evidence ids; nothing while it has not answered. On both drivers.
import { expect, it } from 'vitest';
import { loadCardDetails } from '../../bot/slack/details.ts';
import { findCaseByRef, runCaseCommand } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, DAY, openTestCase } from '../db/support.ts';

describeEachDriver("the merchant's response on the card", (current) => {
  it("shows the merchant's latest statement and evidence once it contested, and nothing before", async () => {
    const context = contextFor(current().db);
    const opened = await openTestCase(context, 'merchant_disagreement', at(0), 'consumer-card');
    expect((await loadCardDetails(current().db, opened)).entities.merchant_response).toBeUndefined();
    const actor = { kind: 'merchant', id: '1' } as const;
    await runCaseCommand(
      context,
      opened.case.ref,
      { type: 'merchant_responded', actor, summary: 'First answer.' },
      at(DAY),
    );
    await runCaseCommand(
      context,
      opened.case.ref,
      { type: 'merchant_responded', actor, summary: 'Delivered to the parcel box.', evidence: ['pod-1', 'photo-2'] },
      at(2 * DAY),
    );
    const stored = await findCaseByRef(current().db, opened.case.ref);
    expect((await loadCardDetails(current().db, stored!)).entities.merchant_response).toBe(
      'Delivered to the parcel box. (evidence: pod-1, photo-2)',
    );
  });
});

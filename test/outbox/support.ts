// What the outbox tests share: the webhook secret the stand-in core checks, and cases whose
// invoice went through two changes.
import { runCaseCommand, type Db } from '../../db/index.ts';
import { at, contextFor, MINUTE, openTestCase } from '../db/support.ts';

export const SECRET = 'core-webhook-secret-for-the-tests-0123456789';

export const investigator = { kind: 'agent', id: 'inv-1', tier: 'investigation' } as const;

/**
 * A case whose invoice was paused and then charged back (investigation decided for the consumer)
 * or reactivated (the consumer withdrew): two events, written a minute or two apart.
 */
export async function caseWithTwoEvents(db: Db, consumerId: string, end: 'charged_back' | 'reactivated') {
  const context = contextFor(db);
  if (end === 'reactivated') {
    const opened = await openTestCase(context, 'merchant_disagreement', at(0), consumerId);
    const withdrawn = await runCaseCommand(
      context,
      opened.case.ref,
      { type: 'withdraw', actor: { kind: 'consumer', id: consumerId } },
      at(MINUTE),
    );
    if (!withdrawn.ok) throw new Error(withdrawn.error.code);
    return opened;
  }
  const opened = await openTestCase(context, 'unrecognized_purchase', at(0), consumerId);
  await runCaseCommand(context, opened.case.ref, { type: 'pick_up', actor: investigator }, at(MINUTE));
  const decided = await runCaseCommand(
    context,
    opened.case.ref,
    {
      type: 'decide_investigation',
      actor: investigator,
      decision: 'consumer_favour',
      reasoning: 'Not bought by the consumer.',
    },
    at(2 * MINUTE),
  );
  if (!decided.ok) throw new Error(decided.error.code);
  return opened;
}

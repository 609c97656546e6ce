// Every modal submission is applied once, keyed by the view's id and hash (db/slack-views.ts): a
// replayed or doubly delivered copy, on any replica, is acknowledged like the first and changes
// nothing. Every desk modal is applied through it (submission.ts).
import type { Middleware, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import {
  claimViewSubmission,
  markViewApplied,
  releaseViewSubmission,
  type Queryable,
  type SubmittedView,
  type ViewClaim,
} from '../../db/index.ts';
import type { Logger } from '../log.ts';

/** Which modal Slack opened, and which version of it; a submission without them is not Slack's. */
const SubmittedViewKey = z.object({
  id: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
  hash: z.string().regex(/^[\x21-\x7e]{1,256}$/),
});
/** How long a copy of a submission waits for the first copy's answer before telling the agent to try again. */
const SUBMISSION_WAIT_MS = 1_500;
const STILL_SENDING =
  'This form is still being sent from an earlier Submit. If nothing has changed in a minute, submit again.';

export type ViewListener = Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>>;

/**
 * `once(errorBlock, listener)`: `listener` applied once per submitted view. Its claim follows the
 * modal's answer: an answer with errors leaves the modal open and changes nothing, so the claim is
 * let go (the agent corrects the field and submits the same view, same id and hash); any other
 * answer closes the modal, so every later copy is a replay, acknowledged the same way. A listener
 * that fails before answering lets go too: Slack shows the agent the failure and they submit
 * again. A copy that arrives while the first is being applied waits briefly, then asks the agent
 * to try again on `errorBlock`.
 */
export function applyOnce(options: {
  db: Queryable;
  now: () => Date;
  log?: Logger;
}): (errorBlock: string, listener: ViewListener) => ViewListener {
  const { db, now } = options;

  async function claimSubmission(view: SubmittedView): Promise<ViewClaim> {
    const until = Date.now() + SUBMISSION_WAIT_MS;
    for (;;) {
      const claim = await claimViewSubmission(db, view, now());
      if (claim !== 'busy' || Date.now() >= until) return claim;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return (errorBlock, listener) => async (args) => {
    const { id, hash } = SubmittedViewKey.parse(args.view);
    const view = { viewId: id, hash };
    const claim = await claimSubmission(view);
    if (claim === 'applied') {
      options.log?.info({ viewId: id, callbackId: args.view.callback_id }, 'slack modal submission already applied');
      await args.ack();
      return;
    }
    if (claim === 'busy') {
      await args.ack({ response_action: 'errors', errors: { [errorBlock]: STILL_SENDING } });
      return;
    }
    let answered = false;
    const ack = async (response?: ViewResponseAction) => {
      answered = true;
      if (response?.response_action === 'errors') await releaseViewSubmission(db, view);
      else await markViewApplied(db, view, now());
      await args.ack(response);
    };
    try {
      await listener({ ...args, ack });
    } catch (error) {
      if (!answered) await releaseViewSubmission(db, view).catch(() => {});
      throw error;
    }
  };
}

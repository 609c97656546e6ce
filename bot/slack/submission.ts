// What every desk modal does with a submission before its own work: the fields are checked with
// the modal's zod schema (each problem is shown next to its field and nothing is applied), where
// the modal was opened is read back from private_metadata (set by us; Slack signs it back), and
// the tier of that channel is looked up (a channel that is no tier's is refused in the modal).
// Only then is the modal's own apply function called, once per submission (apply-once.ts).
import type { ViewResponseAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import type { Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { applyOnce, type ViewListener } from './apply-once.ts';
import { fields, modalErrors } from './modal-parts.ts';

const NOT_IN_A_TIER = "This card is not in a tier's channel.";

/** A checked submission, as the modal's apply function gets it. */
export interface Submitted<Form, Origin, SubmittedTier extends Tier | undefined = Tier> {
  form: Form;
  origin: Origin;
  /** The tier whose channel the modal was opened in. */
  tier: SubmittedTier;
  /** The Slack id of the person who submitted. */
  user: string;
  /** The moment the submission is applied at. */
  now: Date;
  /** Closes the modal, or keeps it open with errors (then nothing may have been applied). */
  ack: (response?: ViewResponseAction) => Promise<void>;
  /** Keeps the modal open with `message` on `block` (the modal's error block when not named). */
  refuse: (message: string, block?: string) => Promise<void>;
  client: WebClient;
}

export type Apply<Form, Origin, SubmittedTier extends Tier | undefined = Tier> = (
  submitted: Submitted<Form, Origin, SubmittedTier>,
) => Promise<void>;

/**
 * `submission(Form, { errorBlock }, apply)`: the listener of a modal whose fields `Form` checks.
 * A problem with the whole submission is shown on `errorBlock`. With `anyChannel`, a channel that
 * is no tier's is left to `apply` (Resolve and Final statement run as their buttons do, and say so
 * privately; a complaint is registered wherever the form was opened).
 */
export interface Submission<Origin> {
  <Form>(
    form: z.ZodType<Form>,
    how: { errorBlock: string; anyChannel?: false },
    apply: Apply<Form, Origin>,
  ): ViewListener;
  <Form>(
    form: z.ZodType<Form>,
    how: { errorBlock: string; anyChannel: true },
    apply: Apply<Form, Origin, Tier | undefined>,
  ): ViewListener;
}

export function submissions<Origin extends { channel: string }>(deps: {
  db: Queryable;
  now: () => Date;
  log?: Logger;
  /** Slack channel id -> the tier whose queue it shows. */
  channelTiers: Readonly<Record<string, Tier>>;
  /** What private_metadata carries: where the modal was opened. */
  origin: z.ZodType<Origin>;
}): Submission<Origin> {
  const once = applyOnce(deps);
  const submission = <Form>(
    form: z.ZodType<Form>,
    how: { errorBlock: string; anyChannel?: boolean },
    apply: Apply<Form, Origin, Tier | undefined>,
  ) =>
    once(how.errorBlock, async ({ ack, body, view, client }) => {
      const refuse = (message: string, block = how.errorBlock) =>
        ack({ response_action: 'errors', errors: { [block]: message } });
      const checked = form.safeParse(fields(view.state.values));
      if (!checked.success) {
        await ack({ response_action: 'errors', errors: modalErrors(checked.error) });
        return;
      }
      const origin = deps.origin.parse(JSON.parse(view.private_metadata));
      const tier = deps.channelTiers[origin.channel];
      if (!tier && !how.anyChannel) {
        await refuse(NOT_IN_A_TIER);
        return;
      }
      await apply({ form: checked.data, origin, tier, user: body.user.id, now: deps.now(), ack, refuse, client });
    });
  // An apply function that needs the tier is only called with one: the check above refuses the rest.
  return submission as Submission<Origin>;
}

// `POST /api/ombudsman/cases/:ref/decision`: the ombudsman upholds or overturns the final
// statement, with reasoning. Routing carries an overturn out (e.g. a chargeback instead of a
// reactivated invoice); the consumer is told in the case's language, in their conversation
// (delivered live by the relay, and in their history); the tier the case came from gets the
// process feedback.
import express, { type Router } from 'express';
import { z } from 'zod';
import { decideOmbudsmanReview, type DecisionContext } from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import { OverturnOutcome, type Case } from '../../routing/index.ts';
import { outcomeText } from '../dialog/catalogue.ts';
import { formLanguage, ot } from './catalogue.ts';
import { requireOmbudsman, type LegacyDesk } from './desk-auth.ts';
import { invalid, noNul } from './requests.ts';
import { CodedError } from '../errors.ts';

const text = (field: string, max: number) =>
  z
    .string({ message: `${field} is required.` })
    .trim()
    .min(1, { message: `${field} is empty.` })
    .max(max, { message: `${field} may be at most ${max} characters.` })
    .refine(noNul, { message: `${field} may not contain NUL characters.` });

export const DecisionBody = z
  .object({
    decision: z.enum(['upheld', 'overturned'], { message: 'decision must be "upheld" or "overturned".' }),
    reasoning: text('reasoning', 10_000),
    newOutcome: OverturnOutcome.optional(),
    feedback: text('feedback', 10_000).optional(),
  })
  .strict()
  .refine((body) => (body.decision === 'overturned') === (body.newOutcome !== undefined), {
    message:
      'An overturn names the outcome to carry out (newOutcome: chargeback, invoice_reactivated or answered); an upheld decision names none.',
    path: ['newOutcome'],
  });

/** What the consumer reads, in the case's language. */
export function decisionMessage(kase: Case, reasoning: string): string {
  const language = formLanguage(kase.language);
  return kase.ombudsmanDecision === 'overturned'
    ? ot(language, 'decision_overturned', { ref: kase.ref, outcome: outcomeText(language, kase.outcome!), reasoning })
    : ot(language, 'decision_upheld', { ref: kase.ref, reasoning });
}

export function decisionRoutes(deps: { context: DecisionContext; legacy?: LegacyDesk; now: () => Date }): Router {
  const router = express.Router();
  router.post(
    '/api/ombudsman/cases/:ref/decision',
    requireOmbudsman(deps.legacy, deps.context.db),
    async (req, res) => {
      const ref = String(req.params.ref).toUpperCase();
      if (!/^[A-Za-z0-9-]{1,64}$/.test(ref))
        throw new CodedError('case_not_found', `There is no case ${req.params.ref}.`);
      const parsed = DecisionBody.safeParse(req.body ?? {});
      if (!parsed.success) throw invalid(parsed.error);
      const body = parsed.data;
      const result = await decideOmbudsmanReview(deps.context, {
        ref,
        ombudsmanId: req.ombudsmanId!,
        slackUserId: req.ombudsman!.slackUserId,
        decision: body.decision,
        reasoning: body.reasoning,
        newOutcome: body.newOutcome,
        feedback: body.feedback,
        now: deps.now(),
        messageFor: (kase) => decisionMessage(kase, body.reasoning),
        redact,
      });
      if (!result.ok) {
        req.log.info(
          { code: result.error.code, caseRef: ref, ombudsmanId: req.ombudsmanId },
          'ombudsman decision refused',
        );
        throw CodedError.from(result.error);
      }
      const kase = result.stored.case;
      req.log.info(
        {
          caseRef: ref,
          ombudsmanId: req.ombudsmanId,
          decision: body.decision,
          outcome: kase.outcome,
          feedbackTier: result.feedbackTier,
        },
        'ombudsman decision recorded',
      );
      res.json({
        case: {
          ref: kase.ref,
          tier: kase.tier,
          status: kase.status,
          intent: kase.intent,
          outcome: kase.outcome,
          invoiceState: kase.invoiceState,
        },
        decision: body.decision,
        decidedBy: req.ombudsmanId,
        messageId: result.messageId,
        feedbackTier: result.feedbackTier,
      });
    },
  );
  return router;
}

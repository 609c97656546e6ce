// Opening a case from the bot's handoff (or an agent opening one for a consumer): the routing
// policy decides the tier; a dispute pauses the invoice at once.
import { refuse, type Refusal } from '../errors.ts';
import type { CommandOf } from '../commands.ts';
import { routeIntent } from '../routes.ts';
import { startServiceLevels } from '../sla.ts';
import type { Case } from '../types.ts';
import type { Context } from './context.ts';
import { logDisputeOpened, newDispute } from './dispute.ts';

export function openCase(command: CommandOf<'open'>, ctx: Context): Case | Refusal {
  const route = routeIntent(command.intent);
  if (route.kind === 'self_service') {
    return refuse(
      'intent_not_routed',
      `The bot answers "${command.intent}" matters itself; ask for a person to reach customer service.`,
    );
  }
  if (route.kind === 'ombudsman_request') {
    return refuse(
      'ombudsman_needs_case',
      "A request to the customer ombudsman is made on an existing case that has a final statement; give that case's reference.",
    );
  }
  const { now, log } = ctx;
  const entities = command.entities ?? {};
  const base: Case = {
    ref: command.ref,
    consumerId: command.consumerId,
    conversationId: command.conversationId ?? null,
    intent: command.intent,
    language: command.language,
    tier: route.tier,
    status: 'queued',
    priority: route.priority,
    assignee: null,
    outcome: null,
    invoiceState: 'active',
    technicalFault: command.technicalFault ?? false,
    orderNumber: entities.orderNumber ?? null,
    purchaseId: entities.purchaseId ?? null,
    dispute: null,
    waitingUntil: null,
    finalStatementText: null,
    finalStatementBy: null,
    finalStatementAt: null,
    finalStatementDueAt: null,
    finalStatementOverdueAt: null,
    ombudsmanRequestedAt: null,
    ombudsmanFromTier: null,
    ombudsmanDecision: null,
    ombudsmanDecidedAt: null,
    openedAt: now,
    queuedAt: now,
    resolvedAt: null,
    ...startServiceLevels(route.tier, now, ctx.policy),
  };
  log.add('case_opened', {
    intent: command.intent,
    language: command.language,
    tier: route.tier,
    priority: route.priority,
    technicalFault: base.technicalFault,
  });
  if (route.kind === 'queue') return base;

  // Buyer protection. A disagreement first gives the merchant its window to settle, so nobody
  // works the case and no service-level clock runs until the window ends; an unrecognised
  // purchase has no window and goes into investigation's queue at once.
  const dispute = newDispute(route.dispute, entities, ctx);
  logDisputeOpened(dispute, ctx);
  log.add('invoice_paused', { from: 'active' });
  const opened: Case = { ...base, dispute, invoiceState: 'paused' };
  if (dispute.windowEndsAt === null) return opened;
  return {
    ...opened,
    status: 'awaiting_merchant',
    waitingUntil: dispute.windowEndsAt,
    queuedAt: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
  };
}

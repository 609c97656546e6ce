// The self-service answers the bot gives itself (issue 5): invoice and login questions that
// most consumers can solve in a minute. Each entry exists in every language file
// (`<lang>.json`: keywords and answer); this list fixes the ids and the intent each belongs to.
// When two entries score alike for a message, the one listed first wins, so the narrower
// questions come first ("can I extend the due date?" is about extending, not due dates).

export const KNOWLEDGE_ENTRIES = {
  payment_not_showing: 'invoice',
  extend_due_date: 'invoice',
  pause_invoice: 'invoice',
  reminder_fees: 'invoice',
  find_invoice: 'invoice',
  due_date: 'invoice',
  change_address: 'invoice',
  wrong_name: 'invoice',
  paper_invoice: 'invoice',
  split_payment: 'invoice',
  pay_invoice: 'invoice',
  code_not_arriving: 'login',
  eid_trouble: 'login',
  forgot_password: 'login',
  account_locked: 'login',
  new_phone: 'login',
} as const satisfies Record<string, 'invoice' | 'login'>;

export type KnowledgeId = keyof typeof KNOWLEDGE_ENTRIES;
export type KnowledgeIntent = (typeof KNOWLEDGE_ENTRIES)[KnowledgeId];

export const KNOWLEDGE_IDS = Object.keys(KNOWLEDGE_ENTRIES) as KnowledgeId[];

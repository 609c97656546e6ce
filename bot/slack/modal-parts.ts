// The pieces every desk modal is built from and read with: options, inputs, a submitted field's
// value, and zod's issues as Slack's field errors (response_action: errors).
import type { ViewSubmitAction } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import type { z } from 'zod';

export const option = (value: string, text: string): PlainTextOption => ({ text: { type: 'plain_text', text }, value });

export const radioInput = (block: string, label: string, options: PlainTextOption[], initial?: PlainTextOption) => ({
  type: 'input' as const,
  block_id: block,
  label: { type: 'plain_text' as const, text: label },
  element: {
    type: 'radio_buttons' as const,
    action_id: 'value',
    options,
    ...(initial ? { initial_option: initial } : {}),
  },
});

export const textInput = (block: string, label: string, optional = false) => ({
  type: 'input' as const,
  block_id: block,
  optional,
  label: { type: 'plain_text' as const, text: label },
  element: { type: 'plain_text_input' as const, action_id: 'value', multiline: true },
});

type StateValues = ViewSubmitAction['view']['state']['values'];

/** A submitted input's value: the chosen option's, a date picker's date, or the typed text. */
export function field(values: StateValues, block: string): string | null | undefined {
  const value = values[block]?.value;
  return value?.selected_option?.value ?? value?.selected_date ?? value?.value ?? undefined;
}

/** zod's issues as Slack's modal errors: block id -> message. */
export function modalErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const block = String(issue.path[0] ?? 'text');
    errors[block] ??= issue.message;
  }
  return errors;
}

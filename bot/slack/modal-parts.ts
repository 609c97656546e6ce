// The pieces every desk modal is built from and read with: the frame, options, inputs, the
// submitted fields' values, and zod's issues as Slack's field errors (response_action: errors).
import type { ViewSubmitAction } from '@slack/bolt';
import type { ModalView, PlainTextOption } from '@slack/types';
import type { z } from 'zod';

/** A modal with Submit and Cancel; `metadata` comes back with the submission, signed by Slack. */
export function modal(
  callbackId: string,
  metadata: Record<string, string | undefined>,
  words: { title: string; submit: string },
  blocks: ModalView['blocks'],
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: words.title },
    submit: { type: 'plain_text', text: words.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

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

export const textInput = (block: string, label: string, optional = false, maxLength?: number) => ({
  type: 'input' as const,
  block_id: block,
  optional,
  label: { type: 'plain_text' as const, text: label },
  element: {
    type: 'plain_text_input' as const,
    action_id: 'value',
    multiline: true,
    ...(maxLength ? { max_length: maxLength } : {}),
  },
});

/** A drop-down; without `optional` Slack requires a choice. */
export const selectInput = (
  block: string,
  label: string,
  options: PlainTextOption[],
  { optional, initial }: { optional?: boolean; initial?: PlainTextOption } = {},
) => ({
  type: 'input' as const,
  block_id: block,
  ...(optional === undefined ? {} : { optional }),
  label: { type: 'plain_text' as const, text: label },
  element: {
    type: 'static_select' as const,
    action_id: 'value',
    options,
    ...(initial ? { initial_option: initial } : {}),
  },
});

type StateValues = ViewSubmitAction['view']['state']['values'];

/** A submitted input's value: the chosen option's, a date picker's date, or the typed text. */
export function field(values: StateValues, block: string): string | null | undefined {
  const value = values[block]?.value;
  return value?.selected_option?.value ?? value?.selected_date ?? value?.value ?? undefined;
}

/** Every submitted input's value by its block id; the modal's schema keeps the ones it knows. */
export function fields(values: StateValues): Record<string, string | null | undefined> {
  return Object.fromEntries(Object.keys(values).map((block) => [block, field(values, block)]));
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

// The one way the service writes HTML (the ombudsman's pages, the consumer's record, the reports):
// a tagged template that escapes every value put into it, so a page is safe because of how it is
// written, not because each value remembered its escaper. Only `html` results and `unsafeRaw` go in
// as they are; the type keeps a plain string from passing for markup.

/** Held by this module only, so that no other code can make markup by `new Html(someString)`. */
const MINT: unique symbol = Symbol('Html');

/** Markup that may go into a page as it is: only `html`, `unsafeRaw` and `jsonForHtml` make one. */
export class Html {
  readonly #text: string;
  constructor(mint: typeof MINT, text: string) {
    if (mint !== MINT) throw new TypeError('Html is made by html`...` or unsafeRaw()');
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

/**
 * What a template takes: markup as it is, text and numbers escaped, arrays one after the other,
 * null and undefined as nothing. Booleans are left out on purpose: `${flag && html`...`}` would
 * print "false".
 */
export type HtmlValue = Html | string | number | bigint | null | undefined | readonly HtmlValue[];

export type HtmlTag = (strings: TemplateStringsArray, ...values: readonly HtmlValue[]) => Html;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in text and in a quoted attribute alike. */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function write(value: HtmlValue, clean: (text: string) => string): string {
  if (value instanceof Html) return value.toString();
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item: HtmlValue) => write(item, clean)).join('');
  return escape(clean(String(value)));
}

/**
 * A template tag that passes every text value through `clean` before escaping it. The reports use
 * it with `printable` (db/cli/printable.ts): they are also read with cat or less, where a control
 * character in a shop's name would act.
 */
export function htmlTag(clean: (text: string) => string): HtmlTag {
  return (strings, ...values) => {
    let text = strings[0]!;
    for (let i = 0; i < values.length; i++) text += write(values[i]!, clean) + strings[i + 1]!;
    return new Html(MINT, text);
  };
}

/** html`<p>${text}</p>`: the page's markup as written, every value escaped. */
export const html: HtmlTag = htmlTag((text) => text);

/** `values` one after the other with `separator` between them (escaped, unless it is markup). */
export function joinHtml(values: readonly HtmlValue[], separator: Html | string): Html {
  const between = write(separator, (text) => text);
  return new Html(MINT, values.map((value) => write(value, (text) => text)).join(between));
}

/**
 * `text` as markup, unescaped. Only for what the code itself holds and must not be escaped, such
 * as a style block; never for anything a person typed.
 */
export function unsafeRaw(text: string): Html {
  return new Html(MINT, text);
}

/** JSON safe inside <script type="application/json">: no "</script>" can end the block. */
export function jsonForHtml(value: unknown): Html {
  return new Html(
    MINT,
    JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'),
  );
}

// What the operator CLIs print comes partly from consumers, shops' names as consumers typed them,
// and agents: a terminal obeys the control characters in it, so a shop name holding ESC [ 2 J
// would clear the operator's screen and one holding an OSC sequence would retitle their window.
// Every line and value the CLIs print passes through here; JSON is printed by `jsonLine`.
//
// The patterns are linear: each alternative stops at a character class it cannot cross.

/** CSI (ESC [ ... final), the string sequences OSC, DCS, SOS, PM and APC up to BEL or ESC \ (or the end), and any other ESC sequence. */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)/g;
/** C0 but tab and newline, DEL, and C1 (U+0080 to U+009F, among them the one-character CSI). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const C1_AND_DEL = /[\x7f-\x9f]/g;

/** `text` without escape sequences and control characters; tabs and newlines stay. */
export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** A table cell or a value inside a line: `printable`, with tabs and newlines as spaces so the layout holds. */
export function printableCell(value: string | number): string {
  return printable(String(value)).replace(/[\t\n]/g, ' ');
}

/** One line of output on stdout. */
export function printLine(text = ''): void {
  process.stdout.write(`${printable(text)}\n`);
}

/**
 * `value` as one JSON line. JSON.stringify escapes C0 (ESC becomes \u001b) but passes DEL and C1
 * through as they are; those are escaped too, so the data stays whole and the terminal inert.
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(C1_AND_DEL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

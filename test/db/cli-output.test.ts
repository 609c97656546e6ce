// What `npm run cases` and `npm run report` print is inert in a terminal: a shop name, a final
// statement or an agent id with escape sequences or control characters (typed by a consumer or
// an agent) neither clears the screen nor retitles the window, and ordinary text, Nordic letters
// too, prints as it is. The printing helper by a table, then both CLIs spawned as an operator
// runs them, on each driver.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLine, printable, printableCell } from '../../db/cli/printable.ts';
import { addMerchant, migrate, notifyInTransaction, openCase, runCaseCommand, type Db } from '../../db/index.ts';
import { addDays } from '../../routing/index.ts';
import { operatorCli, seededForCli } from '../support/cli.ts';
import { DRIVERS } from '../support/databases.ts';

const CLEAR_AND_RETITLE = '\x1b[2J\x1b]0;pwned\x07';
const EVIL_SHOP = `Evil${CLEAR_AND_RETITLE} Shop`;
const NORDIC_SHOP = 'Åhléns Ærø Øst – Mäkelä & Söner';
/** Anything a terminal acts on: ESC, BEL, backspace, carriage return, the rest of C0 but tab and newline, DEL, C1. */
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('printable', () => {
  it.each([
    ['a clear-screen and an OSC title, BEL-terminated', `Evil${CLEAR_AND_RETITLE} Shop`, 'Evil Shop'],
    ['an OSC title ended by ESC \\', 'a\x1b]2;title\x1b\\b', 'ab'],
    ['an OSC that never ends takes the rest', 'a\x1b]0;swallowed', 'a'],
    ['colours and cursor moves', '\x1b[31mred\x1b[0m \x1b[10;20H\x1b[?25lhere', 'red here'],
    ['a two-character escape and a charset switch', 'a\x1bcb\x1b(0c', 'abc'],
    ['backspace, carriage return, bell, NUL, DEL', 'pay\b\b\bfree\r\x07\x00\x7f!', 'payfree!'],
    ['C1 controls, the one-character CSI among them', 'x\x9b2Jy\x9d0;t\x9cz\x85', 'x2Jy0;tz'],
    ['a lone ESC at the end', 'end\x1b', 'end'],
    ['Nordic and other letters are untouched', NORDIC_SHOP, NORDIC_SHOP],
    ['tabs and newlines stay for the layout', 'line one\n\tline two', 'line one\n\tline two'],
    ['emoji and non-breaking space stay', 'Kiitos 🙂\u00a0!', 'Kiitos 🙂\u00a0!'],
  ])('%s', (_, input, shown) => {
    expect(printable(input)).toBe(shown);
    expect(printable(input)).not.toMatch(TERMINAL_CONTROL);
  });

  it('a cell keeps to one line', () => {
    expect(printableCell('two\nlines\there')).toBe('two lines here');
    expect(printableCell(42)).toBe('42');
  });

  it('JSON keeps the data whole but escapes every control character, C1 and DEL too', () => {
    const value = { name: `${EVIL_SHOP}\x9b2J\x7f${NORDIC_SHOP}` };
    const line = jsonLine(value);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(TERMINAL_CONTROL);
    expect(JSON.parse(line)).toEqual(value);
  });

  it('stays linear on long runs of almost-sequences', () => {
    const started = performance.now();
    printable('\x1b]'.repeat(50_000) + '\x1b['.repeat(50_000) + '\x1b[0;'.repeat(50_000));
    expect(performance.now() - started).toBeLessThan(200);
  });
});

async function seed(db: Db): Promise<{ evil: string; nordic: string }> {
  await migrate(db);
  const context = { db, signal: notifyInTransaction() };
  const refs: string[] = [];
  // Registered under those names (through code, past the CLI's checks): the figures show a merchant's display name.
  await db.transaction(async (tx) => {
    for (const name of [EVIL_SHOP, NORDIC_SHOP]) await addMerchant(tx, { name }, new Date());
  });
  for (const merchant of [EVIL_SHOP, NORDIC_SHOP]) {
    const result = await openCase(
      context,
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: `consumer\x1b[2J-${refs.length}`,
        intent: 'merchant_disagreement',
        language: 'sv',
        entities: { merchant, amountMinor: 49_900, currency: 'SEK' },
      },
      new Date(),
    );
    if (!result.ok) throw new Error(result.error.code);
    refs.push(result.stored.case.ref);
  }
  // The shop never answers: the case goes to investigation, whose agent gives a final statement.
  const later = addDays(new Date(), 22);
  const investigator = { kind: 'agent', id: 'U0INGA', tier: 'investigation' } as const;
  for (const command of [
    { type: 'window_expired', actor: { kind: 'system' } },
    { type: 'pick_up', actor: investigator },
    {
      type: 'issue_final_statement',
      actor: investigator,
      text: `Our answer${CLEAR_AND_RETITLE}: the invoice stands.\nÅ second line.`,
    },
  ] as const) {
    const result = await runCaseCommand(context, refs[0]!, command, later);
    if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
  }
  return { evil: refs[0]!, nordic: refs[1]! };
}

for (const kind of DRIVERS) {
  describe(`the CLIs print user text inert [${kind}]`, () => {
    const database = seededForCli(kind, seed);
    const cli = (script: 'cases' | 'report', ...args: string[]) => operatorCli(script, database.env(), ...args);
    const refs = () => database.seeded();

    it('cases show prints the shop name, the consumer and the final statement without ESC or BEL; Nordic letters as typed', () => {
      const shown = cli('cases', 'show', refs().evil);
      expect(shown.code).toBe(0);
      expect(shown.stdout).not.toMatch(TERMINAL_CONTROL);
      expect(shown.stdout).toContain('merchant Evil Shop,');
      expect(shown.stdout).toContain('consumer consumer-0');
      expect(shown.stdout).toContain('Our answer: the invoice stands.\nÅ second line.');
      expect(cli('cases', 'show', refs().nordic).stdout).toContain(`merchant ${NORDIC_SHOP},`);
    });

    it('cases merchants and list print tables without control characters, aligned', () => {
      const merchants = cli('cases', 'merchants');
      expect(merchants.code).toBe(0);
      expect(merchants.stdout).not.toMatch(TERMINAL_CONTROL);
      const lines = merchants.stdout.split('\n');
      expect(lines.find((line) => line.startsWith('Evil Shop '))).toBeDefined();
      expect(lines.find((line) => line.startsWith(`${NORDIC_SHOP} `))).toBeDefined();
      // The columns line up: every row's second column starts where the header's does.
      const column = lines[0]!.indexOf('disputes');
      expect(
        lines
          .slice(2)
          .filter((line) => line.trim())
          .every((line) => /^\S/.test(line.slice(column))),
      ).toBe(true);
      const list = cli('cases', 'list', '--status', 'assigned');
      expect(list.stdout).toContain(refs().evil);
      expect(list.stdout).not.toMatch(TERMINAL_CONTROL);
    });

    it('--json keeps the names whole, escaped', () => {
      const merchants = cli('cases', 'merchants', '--json');
      expect(merchants.stdout).not.toMatch(TERMINAL_CONTROL);
      expect(
        JSON.parse(merchants.stdout)
          .map((row: { merchant: string }) => row.merchant)
          .sort(),
      ).toEqual([EVIL_SHOP, NORDIC_SHOP].sort());
    });

    it('report monthly prints and writes the month without control characters', () => {
      const out = join(mkdtempSync(join(tmpdir(), 'ombud-cli-output-')), 'month.html');
      const month = new Date().toISOString().slice(0, 7);
      const report = cli('report', 'monthly', '--month', month, '--out', out);
      expect(report.code).toBe(0);
      expect(report.stdout).not.toMatch(TERMINAL_CONTROL);
      expect(report.stdout).toMatch(/^Evil Shop +1 /m);
      expect(report.stdout).toContain(NORDIC_SHOP);
      const html = readFileSync(out, 'utf8');
      expect(html).not.toMatch(TERMINAL_CONTROL);
      expect(html).toContain('Evil Shop');
      expect(html).toContain('Åhléns Ærø Øst – Mäkelä &amp; Söner');
    });
  });
}

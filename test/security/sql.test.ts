// SQL is parameterised everywhere: every `.query(`/`.exec(` call (and any `sql` helper or tagged
// template) in db/ and bot/ gets SQL text that is a constant: literals, templates and
// concatenations of constants, `const`s with such values, or a fragment picked from a constant
// table. A value goes in as a parameter ($1, $2, ...), never into the text. The few places
// that must build text from something else are listed below, each with its reason.
//
// Read with the TypeScript compiler's own parser and type checker, so a constant is followed
// through `const` declarations and imports across files.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/process.ts';

const SCANNED = ['db', 'bot'];
const SQL_METHODS = new Set(['query', 'exec']);

/**
 * Where SQL text is built from a value, and why that value cannot carry input. Keyed by
 * `file: the argument's source text`.
 */
const ALLOWED: Record<string, string> = {
  // LISTEN and UNLISTEN take no parameters; a channel is an identifier, and every channel name
  // passes assertChannelName (db/driver.ts: plain lower-case names only) before it gets here.
  'db/postgres.ts: channel': 'channel names are checked identifiers (assertChannelName)',
  // A migration is a file of this repository (db/migrations/NNNN_name.sql), run as it is written.
  'db/migrate.ts: migration.sql': 'the contents of a migration file shipped with the code',
  // The columns of the MESSAGE_COLUMNS constant (db/messages.ts), each prefixed with the table's
  // alias `m.`: the recovery's claim of an unanswered message and the relay's delivery read.
  "db/messages.ts: MESSAGE_COLUMNS.split(', ').map((column) => `m.${column}`).join(', ')":
    'derived from a constant column list',
  "db/consumer-relay.ts: MESSAGE_COLUMNS.split(', ').map((column) => `m.${column}`).join(', ')":
    'derived from a constant column list',
  // The event types that lead an outcome notice (routing's NOTICE_LEAD_EVENTS, a constant list of
  // lower-case names), written out to match the partial index of migration 0015.
  'db/outcome-notices.ts: LEAD_TYPES': 'derived from a constant list of event type names',
};

/**
 * Modules whose functions build a statement `{ name, text, values }` that callers pass on as
 * `statement.text`: checked here once, for every caller.
 */
const ALLOWED_BUILDERS: Record<string, string> = {
  // The statements that write decisions are put together from constant fragments and numbered
  // placeholders ($1, $2, ...); every value of a case, its events and timers is in `values`.
  'db/write-decision.ts': 'constant fragments and placeholders; the values are parameters',
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'public' ? [] : tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Every SQL call whose text is not a constant, in the given files. */
function findUnparameterisedSql(
  files: string[],
  allowed: Record<string, string> = ALLOWED,
  usedBuilders: Set<string> = new Set(),
): Finding[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];

  const unwrap = (node: ts.Expression): ts.Expression => {
    let current = node;
    while (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    }
    return current;
  };

  const declarationOf = (node: ts.Node): ts.Declaration | undefined => {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  };

  const isConstDeclaration = (declaration: ts.Declaration): declaration is ts.VariableDeclaration =>
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0 &&
    declaration.initializer !== undefined;

  /** An object literal held in a `const` whose every value is constant text: a table of fragments. */
  const isConstantTable = (node: ts.Expression, seen: Set<ts.Node>): boolean => {
    const target = unwrap(node);
    let literal: ts.Expression | undefined = target;
    if (ts.isIdentifier(target)) {
      const declaration = declarationOf(target);
      literal = declaration && isConstDeclaration(declaration) ? unwrap(declaration.initializer!) : undefined;
    }
    if (!literal) return false;
    if (ts.isObjectLiteralExpression(literal)) {
      return literal.properties.every((p) => ts.isPropertyAssignment(p) && isConstant(p.initializer, seen));
    }
    if (ts.isArrayLiteralExpression(literal)) return literal.elements.every((e) => isConstant(e, seen));
    return false;
  };

  function isConstant(node: ts.Expression, seen: Set<ts.Node> = new Set()): boolean {
    const expr = unwrap(node);
    if (seen.has(expr)) return true; // a cycle adds nothing new
    seen.add(expr);
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) || ts.isNumericLiteral(expr)) return true;
    if (ts.isTemplateExpression(expr)) return expr.templateSpans.every((span) => isConstant(span.expression, seen));
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      return isConstant(expr.left, seen) && isConstant(expr.right, seen);
    }
    if (ts.isConditionalExpression(expr)) return isConstant(expr.whenTrue, seen) && isConstant(expr.whenFalse, seen);
    if (ts.isIdentifier(expr)) {
      const declaration = declarationOf(expr);
      return declaration !== undefined && isConstDeclaration(declaration) && isConstant(declaration.initializer!, seen);
    }
    if (ts.isPropertyAccessExpression(expr)) {
      // TABLE.fragment: a property of a constant table.
      return isConstantTable(expr.expression, seen);
    }
    if (ts.isElementAccessExpression(expr)) {
      // TABLE[key]: whatever the key, the text is one of the table's constants.
      return isConstantTable(expr.expression, seen);
    }
    if (
      ts.isCallExpression(expr) &&
      ts.isPropertyAccessExpression(expr.expression) &&
      expr.expression.name.text === 'join'
    ) {
      // [constant, constant].join(constant)
      const separator = expr.arguments[0];
      return (
        isConstantTable(expr.expression.expression, seen) && (separator === undefined || isConstant(separator, seen))
      );
    }
    return false;
  }

  /** The first part of `node` that is not constant (the part to show), or undefined. */
  function offending(node: ts.Expression): ts.Expression | undefined {
    const expr = unwrap(node);
    if (isConstant(expr)) return undefined;
    if (ts.isTemplateExpression(expr))
      return expr.templateSpans.map((span) => offending(span.expression)).find(Boolean);
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken)
      return offending(expr.left) ?? offending(expr.right);
    if (ts.isConditionalExpression(expr)) return offending(expr.whenTrue) ?? offending(expr.whenFalse);
    return expr;
  }

  /** The SQL text argument of a call, or of `{ text, values }`. */
  const sqlText = (argument: ts.Expression): ts.Expression => {
    const expr = unwrap(argument);
    if (ts.isObjectLiteralExpression(expr)) {
      const text = expr.properties.find(
        (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'text',
      );
      if (text) return text.initializer;
    }
    return argument;
  };

  /** `statement.text` of a `const statement = builder(...)` whose builder is in ALLOWED_BUILDERS. */
  const builderOf = (argument: ts.Expression): string | undefined => {
    const expr = unwrap(argument);
    if (!ts.isPropertyAccessExpression(expr) || expr.name.text !== 'text' || !ts.isIdentifier(expr.expression))
      return undefined;
    const declaration = declarationOf(expr.expression);
    if (!declaration || !isConstDeclaration(declaration)) return undefined;
    const init = unwrap(declaration.initializer!);
    if (!ts.isCallExpression(init)) return undefined;
    const builder = declarationOf(
      ts.isPropertyAccessExpression(init.expression) ? init.expression.name : init.expression,
    );
    const module = builder && relative(REPO_ROOT, builder.getSourceFile().fileName);
    return module && ALLOWED_BUILDERS[module] ? module : undefined;
  };

  /** A driver's own query/exec handing its `sql` parameter on: the check applies at its callers. */
  const isPassThrough = (argument: ts.Expression): boolean => {
    const expr = unwrap(argument);
    if (!ts.isIdentifier(expr)) return false;
    const declaration = declarationOf(expr);
    if (!declaration || !ts.isParameter(declaration)) return false;
    const fn = declaration.parent;
    const name =
      fn.name && ts.isIdentifier(fn.name)
        ? fn.name.text
        : fn.name && ts.isPropertyName(fn.name)
          ? fn.name.getText()
          : undefined;
    return name !== undefined && SQL_METHODS.has(name);
  };

  const calleeName = (callee: ts.Expression): string | undefined => {
    if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
    if (ts.isIdentifier(callee)) return callee.text;
    return undefined;
  };

  for (const source of program.getSourceFiles()) {
    if (!files.includes(source.fileName)) continue;
    const file = relative(REPO_ROOT, source.fileName);
    const report = (node: ts.Node) => {
      // As one line: the formatter may break a long argument over several (`\n      .map(...)`).
      const text = node.getText(source).replace(/\s*\n\s*/g, '');
      if (allowed[`${file}: ${text}`]) return;
      findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text });
    };
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const name = calleeName(node.expression);
        const first = node.arguments[0];
        // A regular expression's exec is not SQL.
        const receiver = ts.isPropertyAccessExpression(node.expression)
          ? checker.getTypeAtLocation(node.expression.expression)
          : undefined;
        const isRegExp = receiver?.getSymbol()?.getName() === 'RegExp';
        if (name !== undefined && first && !isRegExp && (SQL_METHODS.has(name) || name === 'sql')) {
          const text = sqlText(first);
          // Only calls that pass text are SQL calls.
          const type = checker.getTypeAtLocation(text);
          const isText =
            (type.flags & ts.TypeFlags.StringLike) !== 0 ||
            (type.isUnion() && type.types.every((t) => (t.flags & ts.TypeFlags.StringLike) !== 0));
          const builder = isText ? builderOf(text) : undefined;
          if (builder) usedBuilders.add(builder);
          const bad = isText && !builder && !isPassThrough(text) ? offending(text) : undefined;
          if (bad) report(bad);
        }
      }
      if (ts.isTaggedTemplateExpression(node) && calleeName(node.tag) === 'sql') {
        const bad = offending(node.template);
        if (bad) report(bad);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

const productFiles = () => SCANNED.flatMap((dir) => tsFiles(join(REPO_ROOT, dir)));

describe('SQL text is constant; values go in as parameters', () => {
  // One read of the code for both tests: everything that is not constant, allowed or not.
  const builders = new Set<string>();
  let everything: Finding[] | undefined;
  const scan = () => (everything ??= findUnparameterisedSql(productFiles(), {}, builders));

  it('every .query(/.exec(/sql call in db/ and bot/ builds its SQL from constants only', () => {
    expect(productFiles().length).toBeGreaterThan(40);
    expect(scan().filter((f) => !ALLOWED[`${f.file}: ${f.text}`])).toEqual([]);
  }, 120_000); // the type checker reads the whole product: about 10 s alone, far more on a busy machine

  it('every entry of the allow-lists is still needed (a stale entry would hide a new call of the same text)', () => {
    expect([...new Set(scan().map((f) => `${f.file}: ${f.text}`))].sort()).toEqual(Object.keys(ALLOWED).sort());
    expect([...builders].sort()).toEqual(Object.keys(ALLOWED_BUILDERS).sort());
  }, 120_000);
});

describe('the scan itself', () => {
  it('catches text built from values, and lets constants and parameters through', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ombud-sql-scan-'));
    try {
      const shared = join(dir, 'shared.ts');
      writeFileSync(shared, "export const CASE_COLUMNS = 'id, ref, status';\nexport let mutable = 'cases';\n");
      const file = join(dir, 'queries.ts');
      writeFileSync(
        file,
        [
          "import { CASE_COLUMNS, mutable } from './shared.ts';",
          'interface Q { query(sql: string, params?: unknown[]): Promise<unknown>; exec(sql: string): Promise<void> }',
          "const ORDER = { newest: 'created_at DESC', oldest: 'created_at' } as const;",
          'const TABLE = `cases`;',
          'export async function good(q: Q, ref: string, sort: keyof typeof ORDER) {',
          "  await q.query('SELECT 1 FROM cases WHERE ref = $1', [ref]);",
          '  await q.query(`SELECT ${CASE_COLUMNS} FROM ${TABLE} WHERE ref = $1 ORDER BY ${ORDER[sort]}`, [ref]);',
          "  await q.query('SELECT ' + CASE_COLUMNS + ' FROM cases', []);",
          "  await q.query({ text: 'SELECT 1 WHERE $1', values: [ref] } as never);",
          "  await q.exec(['BEGIN', 'COMMIT'].join('; '));",
          '}',
          'export async function bad(q: Q, ref: string, limit: number) {',
          "  await q.query(`SELECT * FROM cases WHERE ref = '${ref}'`);",
          "  await q.query('SELECT * FROM cases LIMIT ' + limit);",
          "  const text = `DELETE FROM cases WHERE ref = '${ref}'`;",
          '  await q.exec(text);',
          '  await q.query(`SELECT * FROM ${mutable}`);',
          "  await q.query({ text: 'SELECT ' + ref } as never);",
          '  let late = "SELECT 1";',
          '  await q.query(late);',
          '}',
        ].join('\n'),
      );
      const found = findUnparameterisedSql([shared, file]).map((f) => f.text);
      expect(found).toEqual(['ref', 'limit', 'text', 'mutable', 'ref', 'late']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// One table from an error code to its HTTP status (bot/errors.ts). Routing's refusals carry a
// kind, the table turns the kind into a status; no route picks a status of its own for a refusal.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodedError, ERROR_CODES, REFUSAL_STATUS, statusOf } from '../../bot/errors.ts';
import { ROUTING_ERROR_CODES, ROUTING_ERRORS } from '../../routing/index.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'public' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('error codes and their statuses', () => {
  it("routing's refusals get their kind's status: invalid 400, forbidden 403, not_found 404, conflict 409", () => {
    expect(statusOf('invalid_command')).toBe(400);
    expect(statusOf('not_assignee')).toBe(403);
    expect(statusOf('case_not_found')).toBe(404);
    expect(statusOf('no_open_dispute')).toBe(409);
    for (const code of ROUTING_ERROR_CODES) {
      expect(statusOf(code), code).toBe(
        ERROR_CODES[code as keyof typeof ERROR_CODES] ?? REFUSAL_STATUS[ROUTING_ERRORS[code]],
      );
    }
  });

  it("a code both tables know means the same in both (case_not_found is the service's and routing's)", () => {
    for (const code of ROUTING_ERROR_CODES) {
      const own = ERROR_CODES[code as keyof typeof ERROR_CODES];
      if (own !== undefined) expect(own, code).toBe(REFUSAL_STATUS[ROUTING_ERRORS[code]]);
    }
  });

  it("a data-layer refusal with a code of its own is told with its kind's status", () => {
    const error = CodedError.from({ code: 'code_invalid', message: 'That code is not right.', kind: 'forbidden' });
    expect([error.status, error.code, error.message]).toEqual([403, 'code_invalid', 'That code is not right.']);
    expect(CodedError.from({ code: 'dispute_already_open', message: 'x' }).status).toBe(409);
  });

  it('no route sets a refusal status by hand: every 4xx and 5xx goes through bot/errors.ts', () => {
    // `res.status(401).send()` with nothing is Bolt's own refusal, which bot/slack/app.ts rewrites.
    const handSet = /\.status\(\s*[45]\d\d\s*\)\s*(\.set\([^)]*\)\s*)?\.(json|send|end)\(\s*[^)\s]/g;
    const byHand = sourceFiles('bot')
      .filter((path) => path !== join('bot', 'errors.ts'))
      .flatMap((path) => [...readFileSync(path, 'utf8').matchAll(handSet)].map((m) => `${path}: ${m[0]}`));
    expect(byHand).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/labels.ts';

const CLI = fileURLToPath(new URL('../../intents/cli/classify.ts', import.meta.url));

function startCli() {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
  return { child, next };
}

describe('npm run classify', () => {
  it('answers one JSON line per input line, in order, and goes on after bad lines', async () => {
    const { child, next } = startCli();
    const input = [
      JSON.stringify({ id: 1, text: 'jag har inte beställt det här' }),
      'this is not json',
      JSON.stringify({ id: 'b', text: 42 }),
      '',
      JSON.stringify({ id: 3, text: '   ' }),
      JSON.stringify({ id: 4, text: 'wie bezahle ich meine Rechnung' }),
    ];
    child.stdin.end(input.join('\n') + '\n');
    const out = [];
    for (let i = 0; i < input.length; i++) out.push(await next());

    expect(out[0]).toMatchObject({ id: 1, intent: 'unrecognized_purchase', language: 'sv' });
    expect(out[1]).toMatchObject({ id: null, error: expect.any(String) });
    expect(out[2]).toMatchObject({ id: 'b', error: expect.any(String) });
    expect(out[3]).toMatchObject({ id: null, error: expect.any(String) });
    expect(out[4]).toMatchObject({ id: 3, error: expect.any(String) });
    expect(out[5]).toMatchObject({ id: 4, intent: 'invoice', language: 'de' });
    for (const line of [out[0], out[5]]) {
      expect(Object.keys(line!).sort()).toEqual(['confidence', 'id', 'intent', 'language']);
      expect(INTENTS).toContain(line!.intent);
      expect(line!.confidence).toBeGreaterThan(0);
      expect(line!.confidence).toBeLessThanOrEqual(1);
    }
    const [code] = await new Promise<[number | null]>((resolve) => child.on('close', (c) => resolve([c])));
    expect(code).toBe(0);
  });

  it('answers each line as it arrives, before stdin ends', async () => {
    const { child, next } = startCli();
    child.stdin.write(JSON.stringify({ id: 'first', text: 'hej' }) + '\n');
    expect(await next()).toMatchObject({ id: 'first', intent: 'greeting' });
    child.stdin.write(JSON.stringify({ id: 'second', text: 'I never ordered this' }) + '\n');
    expect(await next()).toMatchObject({ id: 'second', intent: 'unrecognized_purchase' });
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
  });
});

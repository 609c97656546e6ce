// npm run -s classify: JSON Lines in on stdin, {"id", "text"} per line; JSON Lines out on
// stdout, {"id", "intent", "confidence", "language"} per line, in the same order. A line that
// cannot be classified gets {"id", "error"} and the run goes on. Lines are answered as they
// arrive, so the command can sit in a pipe. Local model only: no LLM, no network.
// (`-s` keeps npm's "> ombud@0.1.0 classify" banner off stdout; see intents/README.md.)
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadClassifier } from '../load.ts';

const Input = z.object({ text: z.string() });

const classifier = loadClassifier({
  onRetrain: (reason) => console.error(`classify: training a model first (${reason})`),
});

/** The id to echo back: whatever the line carried, or null when there is none to find. */
function idOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'id' in value ? ((value as { id: unknown }).id ?? null) : null;
}

function answer(line: string): object {
  if (line.trim() === '') return { id: null, error: 'The line is empty.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { id: null, error: 'The line is not valid JSON.' };
  }
  const id = idOf(parsed);
  const input = Input.safeParse(parsed);
  if (!input.success) return { id, error: 'The line has no "text" string.' };
  if (input.data.text.trim() === '') return { id, error: 'The "text" is empty.' };
  const result = classifier.classify(input.data.text);
  return { id, intent: result.intent, confidence: Number(result.confidence.toFixed(4)), language: result.language };
}

// A reader that went away (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!process.stdout.write(JSON.stringify(answer(line)) + '\n')) await once(process.stdout, 'drain');
}

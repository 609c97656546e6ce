// Structured logs (pino). Every line that concerns a request carries its request id.
// Personal data never goes in: log ids, codes and redacted text only; URLs without query strings
// (the websocket's session token travels in one).
//
// JSON lines for machines (a log shipper, a file, a pipe); one readable line per entry when a
// person watches a terminal. The readable form is written from the same JSON line, so the two
// never carry different fields, and the redaction above applies to both.
import { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export type LogFormat = 'json' | 'text';

/** JSON unless stdout is a terminal; LOG_FORMAT overrides. */
export function defaultLogFormat(configured: LogFormat | undefined, stdout: { isTTY?: boolean }): LogFormat {
  return configured ?? (stdout.isTTY ? 'text' : 'json');
}

export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  return pino(
    {
      level,
      base: { service: 'ombud' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'token',
          'password',
          'secret',
          '*.token',
          '*.password',
          '*.secret',
        ],
        censor: '[redacted]',
      },
    },
    format === 'text' ? readableLines(destination ?? (process.stdout as DestinationStream)) : destination,
  );
}

const LEVEL_WORDS: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
};
/** Fields every line has, shown in the line's head, not repeated as key=value. */
const HEAD_FIELDS = new Set(['time', 'level', 'msg', 'service', 'pid', 'hostname']);

/** `12:04:05.123 INFO  request method=GET path=/healthz status=200 ms=1.2`, from one JSON log line. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = LEVEL_WORDS[String(entry.level)] ?? String(entry.level).toUpperCase();
  const fields: string[] = [];
  let stack: string | undefined;
  for (const [key, value] of Object.entries(entry)) {
    if (HEAD_FIELDS.has(key) || value === undefined) continue;
    if (key === 'err' && value && typeof value === 'object') {
      const err = value as { type?: string; message?: string; stack?: string };
      fields.push(`err=${quoted(`${err.type ?? 'Error'}: ${err.message ?? ''}`)}`);
      stack = err.stack;
      continue;
    }
    fields.push(`${key}=${typeof value === 'string' ? quoted(value) : JSON.stringify(value)}`);
  }
  const head = [time, level, String(entry.msg ?? '')].filter(Boolean).join(' ');
  const line = fields.length ? `${head} ${fields.join(' ')}` : head;
  // The stack's first line repeats the message; the frames go below, indented, for a person to read.
  const frames = stack?.split('\n').slice(1).join('\n');
  return frames ? `${line}\n${frames}` : line;
}

/** A bare word stays bare; anything with a space, a quote, '=' or a control character is JSON-quoted. */
function quoted(value: string): string {
  return /^[^\s"=\\\p{Cc}]+$/u.test(value) ? value : JSON.stringify(value);
}

/** A stream pino writes JSON lines to, passing each on to `out` as a readable line. */
function readableLines(out: DestinationStream): DestinationStream {
  let rest = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = rest + chunk.toString();
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line) out.write(`${readableLine(line)}\n`);
      done();
    },
  });
}

/** The path of a URL without its query string. */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const cut = url.indexOf('?');
  return cut === -1 ? url : url.slice(0, cut);
}

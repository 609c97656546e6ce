// Structured JSON logs (pino). Every line that concerns a request carries its request id.
// Personal data never goes in: log ids, codes and redacted text only; URLs without query strings
// (the websocket's session token travels in one).
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ombud' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.password', '*.secret'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** The path of a URL without its query string. */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const cut = url.indexOf('?');
  return cut === -1 ? url : url.slice(0, cut);
}

// Every environment variable the service reads, parsed once at start with zod.
// Nothing is required for a local run: no DATABASE_URL means embedded PGlite under DATA_DIR,
// no Slack tokens means no agent desk, no OpenAI key means the local classifier alone.
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
/** `a=x,b=y` pairs of a team id and a destination each matching `pattern`. */
function teamPairs(pattern: RegExp, what: string) {
  return z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value, ctx) => {
        const pairs: Record<string, string> = {};
        for (const item of value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)) {
          const match = /^([a-z][a-z0-9_]{0,40})=(.+)$/.exec(item);
          if (!match || !pattern.test(match[2]!.trim())) {
            ctx.addIssue({
              code: 'custom',
              message: `must be team=destination pairs separated by commas, each destination ${what}; "${item.slice(0, 60)}" is not one`,
            });
            return z.NEVER;
          }
          pairs[match[1]!] = match[2]!.trim();
        }
        return pairs;
      })
      .optional(),
  );
}

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const postgresUrl = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), {
      message: 'must be a postgres:// or postgresql:// connection URL',
    })
    .optional(),
);

const port = z.coerce
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .min(1, { message: 'must be between 1 and 65535' })
  .max(65535, { message: 'must be between 1 and 65535' });

const envSchema = z.object({
  NODE_ENV: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['development', 'production', 'test'], { message: 'must be development, production or test' })
      .default('development'),
  ),
  PORT: z.preprocess(emptyAsUndefined, port.default(3000)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ message: 'must be an absolute URL such as https://support.example.com' }).optional(),
  ),
  DATABASE_URL: postgresUrl,
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.data')),
  DATABASE_POOL_SIZE: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(1, { message: 'must be at least 1' })
      .max(200, { message: 'must be at most 200' })
      .default(10),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  // JSON lines unless stdout is a terminal (bot/log.ts); set to keep one form either way.
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'text'], { message: 'must be json or text' }).optional()),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(100, { message: 'must be at least 100' })
      .max(60_000, { message: 'must be at most 60000' })
      .default(8_000),
  ),
  ALLOWED_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .refine((origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)), {
        message:
          'must be a comma-separated list of origins such as https://shop.example.com (scheme and host, no path)',
      })
      .optional(),
  ),
  SESSION_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, { message: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)' }).optional(),
  ),
  SLACK_BOT_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().startsWith('xoxb-', { message: 'must be a bot token starting with xoxb-' }).optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  // Socket mode: an app-level token (xapp-..., scope connections:write); no public URL needed.
  SLACK_APP_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().startsWith('xapp-', { message: 'must be an app-level token starting with xapp-' }).optional(),
  ),
  SLACK_CHANNEL_CUSTOMER_SERVICE: optionalString,
  SLACK_CHANNEL_INVESTIGATION: optionalString,
  SLACK_CHANNEL_SPECIALIST: optionalString,
  SLACK_CHANNEL_OMBUDSMAN: optionalString,
  // Where `npm run report -- monthly --deliver` sends each product team's page: team=channel id
  // pairs (Slack), team=address pairs (e-mail, over SMTP_URL); teams are policy.productTeams' ids.
  TEAM_CHANNELS: teamPairs(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id (C...)'),
  TEAM_EMAILS: teamPairs(/^[^\s@,=]+@[^\s@,=]+\.[^\s@,=]+$/, 'an e-mail address'),
  SLACK_BOT_ID: optionalString,
  SLACK_BOT_USER_ID: optionalString,
  // Where the Slack Web API is called (default Slack's own, https://slack.com/api/): an egress
  // proxy, or a local stand-in for Slack in tests of the whole process.
  SLACK_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://slack.com/api/' })
      .transform((value) => (value.endsWith('/') ? value : `${value}/`))
      .optional(),
  ),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ message: 'must be an absolute URL' }).optional()),
  OPENAI_MODEL: z.preprocess(emptyAsUndefined, z.string().default('gpt-4o-mini')),
  OPENAI_TIMEOUT_MS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(100, { message: 'must be at least 100' })
      .max(60_000, { message: 'must be at most 60000' })
      .default(2_000),
  ),
  // The customer ombudsman's desk: the Bearer token that opens dossiers and records decisions.
  OMBUDSMAN_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, { message: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)' }).optional(),
  ),
  // Who the token's holder is in the case history (`ombudsman:<id>`).
  OMBUDSMAN_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, dots, dashes or underscores' })
      .default('ombudsman'),
  ),
  // Outgoing mail for the ombudsman form's one-time codes; unset: only the chat-session path.
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => /^smtps?:\/\/.+/.test(value), {
        message: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587',
      })
      .optional(),
  ),
  SMTP_FROM: z.preprocess(emptyAsUndefined, z.string().default('Ombud <no-reply@localhost>')),
  // The payments core's receiver of invoice events (paused, reactivated, charged back), sent by
  // every replica's outbox worker (bot/outbox/). Unset: the events are kept, not sent.
  CORE_WEBHOOK_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://core.example.com/webhooks/ombud' })
      .optional(),
  ),
  // Signs every event (Ombud-Signature, HMAC-SHA256); shared with the payments core only.
  CORE_WEBHOOK_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(32, {
        message: 'must be at least 32 characters (e.g. `openssl rand -hex 32`), shared with the payments core only',
      })
      .optional(),
  ),
  // The app's backend: told of a message for a consumer who is away from the chat
  // (`consumer.message`, docs/events.md) so that it can push a notification. Unset: not written.
  APP_WEBHOOK_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://app.example.com/webhooks/ombud' })
      .optional(),
  ),
  // Signs every event to it (Ombud-Signature, HMAC-SHA256); shared with the app's backend only.
  APP_WEBHOOK_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(32, {
        message: "must be at least 32 characters (e.g. `openssl rand -hex 32`), shared with the app's backend only",
      })
      .optional(),
  ),
  // The reverse proxies in front of the service whose X-Forwarded-For (and -Proto) to believe:
  // a hop count (1: the one proxy in front), or addresses and subnets, comma-separated, with
  // express's names loopback, linklocal, uniquelocal. Unset: none (the TCP peer is the client).
  TRUST_PROXY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value, ctx): number | string[] => {
        const trimmed = value.trim();
        if (/^\d+$/.test(trimmed)) {
          const hops = Number(trimmed);
          if (hops >= 1 && hops <= 10) return hops;
        } else {
          const parts = trimmed
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean);
          if (
            parts.length > 0 &&
            parts.every((part) => /^(?:loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(?:\/\d{1,3})?)$/.test(part))
          )
            return parts;
        }
        ctx.addIssue({
          code: 'custom',
          message:
            'must be a number of proxies (1 to 10) or addresses/subnets such as loopback,10.0.0.0/8 (never "true": anyone could then claim any address)',
        });
        return z.NEVER;
      })
      .optional(),
  ),
  // Identified consumers: an app's backend signs a JWT for its logged-in user (bot/web/identity.ts).
  // HS256 with this shared secret...
  IDENTITY_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(32, {
        message: "must be at least 32 characters (e.g. `openssl rand -hex 32`), shared with the app's backend only",
      })
      .optional(),
  ),
  // ...or RS256 / ES256 with the keys the app's backend publishes here (a JWKS document).
  IDENTITY_JWKS_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, message: 'must be an https:// URL of a JSON Web Key Set' }).optional(),
  ),
  // When set, a token's iss must be exactly this, and its aud must be or contain this.
  IDENTITY_ISSUER: z.preprocess(
    emptyAsUndefined,
    z.string().max(255, { message: 'must be at most 255 characters' }).optional(),
  ),
  IDENTITY_AUDIENCE: z.preprocess(
    emptyAsUndefined,
    z.string().max(255, { message: 'must be at most 255 characters' }).optional(),
  ),
  // The payments core's purchase directory (docs/purchases.md): GET with the consumer; unset, the
  // purchases table (`npm run purchases -- import`) is the source.
  PURCHASES_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, message: 'must be an https:// URL of the purchase directory' }).optional(),
  ),
  // Sent to it as `Authorization: Bearer <token>` when set.
  PURCHASES_TOKEN: optionalString,
  // How long the bot waits for it before asking the consumer for the facts instead.
  PURCHASES_TIMEOUT_MS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(100, { message: 'must be at least 100' })
      .max(10_000, { message: 'must be at most 10000' })
      .default(1_500),
  ),
  // /metrics on a port of its own (then not on PORT), e.g. one only the monitoring network reaches.
  METRICS_PORT: z.preprocess(emptyAsUndefined, port.optional()),
  // When set, /metrics asks for `Authorization: Bearer <token>`.
  METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(32, { message: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)' })
      .regex(/^[A-Za-z0-9\-._~+/]+=*$/, {
        message: 'must be a bearer token: letters, digits and - . _ ~ + / (e.g. `openssl rand -hex 32`)',
      })
      .optional(),
  ),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** Where people open the chat; PUBLIC_URL or the local address. */
  publicUrl: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** Origins whose pages may call the chat API: the service's own and ALLOWED_ORIGINS. */
  allowedOrigins: string[];
  slackEnabled: boolean;
  openaiEnabled: boolean;
}

/** A configuration problem, told in one line that names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${variable} ${issue.message}`);
  }
  const values = parsed.data;

  if (values.NODE_ENV === 'production' && !values.SESSION_SECRET) {
    throw new ConfigError(
      'SESSION_SECRET is required when NODE_ENV=production (replicas must share one secret; e.g. `openssl rand -hex 32`)',
    );
  }
  // Over HTTP the desk needs the bot token and the signing secret; in socket mode the bot token
  // and the app token (the socket is authenticated by it, so no signing secret is needed).
  const slackInbound = Boolean(values.SLACK_SIGNING_SECRET || values.SLACK_APP_TOKEN);
  if (Boolean(values.SLACK_BOT_TOKEN) !== slackInbound) {
    const missing = values.SLACK_BOT_TOKEN ? 'SLACK_SIGNING_SECRET' : 'SLACK_BOT_TOKEN';
    throw new ConfigError(
      `${missing} must be set too: the agent desk needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for socket mode)`,
    );
  }

  if (values.SLACK_BOT_TOKEN && !values.SLACK_CHANNEL_CUSTOMER_SERVICE) {
    throw new ConfigError(
      'SLACK_CHANNEL_CUSTOMER_SERVICE must be set when Slack is on: the channel id (C...) where customer service works its queue',
    );
  }

  if (values.CORE_WEBHOOK_URL && !values.CORE_WEBHOOK_SECRET) {
    throw new ConfigError(
      'CORE_WEBHOOK_SECRET must be set too: every event sent to CORE_WEBHOOK_URL is signed with it (e.g. `openssl rand -hex 32`)',
    );
  }

  if (values.APP_WEBHOOK_URL && !values.APP_WEBHOOK_SECRET) {
    throw new ConfigError(
      'APP_WEBHOOK_SECRET must be set too: every event sent to APP_WEBHOOK_URL is signed with it (e.g. `openssl rand -hex 32`)',
    );
  }

  if (values.METRICS_PORT !== undefined && values.METRICS_PORT === values.PORT) {
    throw new ConfigError('METRICS_PORT must differ from PORT: it is the port /metrics moves to, off the public one');
  }

  // The keys decide who may open a session in a consumer's name: they come over TLS. Plain http
  // only to this machine, and never in production (a stand-in key server in tests, a local demo).
  // The purchases are consumers' personal data: they come over TLS too.
  for (const variable of ['IDENTITY_JWKS_URL', 'PURCHASES_URL'] as const) {
    const value = values[variable];
    if (!value) continue;
    const url = new URL(value);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && (!loopback || values.NODE_ENV === 'production')) {
      throw new ConfigError(
        `${variable} must be an https:// URL (plain http is taken only from localhost, and never when NODE_ENV=production)`,
      );
    }
  }

  const localHost = values.HOST === '0.0.0.0' || values.HOST === '::' ? 'localhost' : values.HOST;
  const publicUrl = (values.PUBLIC_URL ?? `http://${localHost}:${values.PORT}`).replace(/\/$/, '');
  return {
    ...values,
    publicUrl,
    // The service's own pages always may; ALLOWED_ORIGINS adds the sites that embed the chat.
    allowedOrigins: [...new Set([new URL(publicUrl).origin, ...(values.ALLOWED_ORIGINS ?? [])])],
    database: values.DATABASE_URL
      ? { kind: 'postgres', url: values.DATABASE_URL }
      : { kind: 'pglite', dataDir: values.DATA_DIR },
    slackEnabled: Boolean(values.SLACK_BOT_TOKEN && (values.SLACK_SIGNING_SECRET || values.SLACK_APP_TOKEN)),
    openaiEnabled: Boolean(values.OPENAI_API_KEY),
  };
}

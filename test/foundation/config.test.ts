import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.ts';
import { REPO_ROOT } from '../support/process.ts';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('needs nothing for a local run: embedded PGlite under ./.data on port 3000, Slack and OpenAI off', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './.data' });
    expect(config.slackEnabled).toBe(false);
    expect(config.openaiEnabled).toBe(false);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('uses PostgreSQL when DATABASE_URL is set, and treats empty values as unset', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/ombud', PORT: '', DATA_DIR: '' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/ombud' });
    expect(config.PORT).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a number$/],
    [{ PORT: '70000' }, /^PORT must be between 1 and 65535$/],
    [{ DATABASE_URL: 'mysql://root@localhost/db' }, /^DATABASE_URL must be a postgres:\/\//],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ NODE_ENV: 'staging' }, /^NODE_ENV must be development, production or test$/],
    [{ PUBLIC_URL: 'support.example.com' }, /^PUBLIC_URL must be an absolute URL/],
    [{ SESSION_SECRET: 'short' }, /^SESSION_SECRET must be at least 32 characters/],
    [{ NODE_ENV: 'production' }, /^SESSION_SECRET is required when NODE_ENV=production/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET must be set too/],
    [
      { SLACK_BOT_TOKEN: 'abc', SLACK_SIGNING_SECRET: 's' },
      /^SLACK_BOT_TOKEN must be a bot token starting with xoxb-$/,
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' },
      /^SLACK_CHANNEL_CUSTOMER_SERVICE must be set when Slack is on/,
    ],
    [{ OPENAI_TIMEOUT_MS: '5' }, /^OPENAI_TIMEOUT_MS must be at least 100$/],
    [
      { ALLOWED_ORIGINS: 'https://shop.example.com/chat' },
      /^ALLOWED_ORIGINS must be a comma-separated list of origins/,
    ],
    [{ METRICS_PORT: '3000' }, /^METRICS_PORT must differ from PORT/],
    [{ TRUST_PROXY: 'true' }, /^TRUST_PROXY must be a number of proxies/],
    [{ TRUST_PROXY: '0' }, /^TRUST_PROXY must be a number of proxies/],
    [{ TRUST_PROXY: 'loopback; rm -rf' }, /^TRUST_PROXY must be a number of proxies/],
    [{ METRICS_PORT: 'none' }, /^METRICS_PORT must be a number$/],
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN must be at least 32 characters/],
    [{ METRICS_TOKEN: 'a token with spaces that is long enough to pass' }, /^METRICS_TOKEN must be a bearer token/],
  ])('refuses %j with a line naming the variable', (env, expected) => {
    expect(configError(env)).toMatch(expected);
  });

  it("always allows the service's own origin, and adds the ones ALLOWED_ORIGINS lists", () => {
    expect(loadConfig({ PUBLIC_URL: 'https://support.example.com/' }).allowedOrigins).toEqual([
      'https://support.example.com',
    ]);
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443' }).allowedOrigins).toEqual([
      'http://localhost:3000',
      'https://a.example',
      'https://b.example:8443',
    ]);
  });

  it("reads the teams' report destinations as team=channel and team=address pairs, and refuses a malformed one", () => {
    const config = loadConfig({
      TEAM_CHANNELS: 'invoicing=C0INVOICE, access=C0ACCESS',
      TEAM_EMAILS: 'service=service@example.com',
    });
    expect(config.TEAM_CHANNELS).toEqual({ invoicing: 'C0INVOICE', access: 'C0ACCESS' });
    expect(config.TEAM_EMAILS).toEqual({ service: 'service@example.com' });
    expect(() => loadConfig({ TEAM_CHANNELS: 'invoicing=#general' })).toThrow(/TEAM_CHANNELS.*team=destination pairs/);
    expect(() => loadConfig({ TEAM_EMAILS: 'service' })).toThrow(/TEAM_EMAILS/);
  });

  it('turns Slack and OpenAI on when their variables are set', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS',
      OPENAI_API_KEY: 'sk-test',
    });
    expect(config.slackEnabled).toBe(true);
    expect(config.openaiEnabled).toBe(true);
  });

  it('a bad value stops `npm start` with one line on stderr, exit code 1 and no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual(['ombud: configuration error: PORT must be a number']);
  });
});

// IDENTITY_*: the keys that let an app open sessions in its consumers' names are checked at start.
describe('identity configuration', () => {
  it('is off by default, and empty values are unset', () => {
    const config = loadConfig({ IDENTITY_SECRET: '', IDENTITY_JWKS_URL: '' });
    expect(config.IDENTITY_SECRET).toBeUndefined();
    expect(config.IDENTITY_JWKS_URL).toBeUndefined();
  });

  it('takes a secret of 32+ characters, an https key set, an issuer and an audience', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(32),
      IDENTITY_SECRET: 'i'.repeat(32),
      IDENTITY_JWKS_URL: 'https://app.example/.well-known/jwks.json',
      IDENTITY_ISSUER: 'https://app.example',
      IDENTITY_AUDIENCE: 'ombud',
    });
    expect(config).toMatchObject({
      IDENTITY_JWKS_URL: 'https://app.example/.well-known/jwks.json',
      IDENTITY_ISSUER: 'https://app.example',
      IDENTITY_AUDIENCE: 'ombud',
    });
  });

  it('takes plain http for the key set only from this machine, and not in production', () => {
    for (const url of ['http://localhost:8080/jwks.json', 'http://127.0.0.1:9000/jwks', 'http://[::1]:9000/jwks']) {
      expect(loadConfig({ NODE_ENV: 'test', IDENTITY_JWKS_URL: url }).IDENTITY_JWKS_URL).toBe(url);
    }
    expect(configError({ IDENTITY_JWKS_URL: 'http://app.example/jwks.json' })).toMatch(
      /^IDENTITY_JWKS_URL must be an https:\/\/ URL/,
    );
    expect(configError({ IDENTITY_JWKS_URL: 'http://localhost.app.example/jwks.json' })).toMatch(
      /^IDENTITY_JWKS_URL must be an https:\/\/ URL/,
    );
    expect(
      configError({
        NODE_ENV: 'production',
        SESSION_SECRET: 's'.repeat(32),
        IDENTITY_JWKS_URL: 'http://localhost:8080/jwks.json',
      }),
    ).toMatch(/^IDENTITY_JWKS_URL must be an https:\/\/ URL/);
  });

  it.each([
    [{ IDENTITY_SECRET: 'too-short' }, /^IDENTITY_SECRET must be at least 32 characters/],
    [
      { IDENTITY_JWKS_URL: 'app.example/jwks.json' },
      /^IDENTITY_JWKS_URL must be an https:\/\/ URL of a JSON Web Key Set$/,
    ],
    [
      { IDENTITY_JWKS_URL: 'ftp://app.example/jwks.json' },
      /^IDENTITY_JWKS_URL must be an https:\/\/ URL of a JSON Web Key Set$/,
    ],
    [{ IDENTITY_ISSUER: 'x'.repeat(256) }, /^IDENTITY_ISSUER must be at most 255 characters$/],
    [{ IDENTITY_AUDIENCE: 'x'.repeat(256) }, /^IDENTITY_AUDIENCE must be at most 255 characters$/],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(configError(env as Record<string, string>)).toMatch(message);
  });
});

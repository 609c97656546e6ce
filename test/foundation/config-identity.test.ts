// IDENTITY_*: the keys that let an app open sessions in its consumers' names are checked at start.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.ts';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

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
    expect(config).toMatchObject({ IDENTITY_JWKS_URL: 'https://app.example/.well-known/jwks.json', IDENTITY_ISSUER: 'https://app.example', IDENTITY_AUDIENCE: 'ombud' });
  });

  it('takes plain http for the key set only from this machine, and not in production', () => {
    for (const url of ['http://localhost:8080/jwks.json', 'http://127.0.0.1:9000/jwks', 'http://[::1]:9000/jwks']) {
      expect(loadConfig({ NODE_ENV: 'test', IDENTITY_JWKS_URL: url }).IDENTITY_JWKS_URL).toBe(url);
    }
    expect(configError({ IDENTITY_JWKS_URL: 'http://app.example/jwks.json' })).toMatch(/^IDENTITY_JWKS_URL must be an https:\/\/ URL/);
    expect(configError({ IDENTITY_JWKS_URL: 'http://localhost.app.example/jwks.json' })).toMatch(/^IDENTITY_JWKS_URL must be an https:\/\/ URL/);
    expect(configError({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), IDENTITY_JWKS_URL: 'http://localhost:8080/jwks.json' })).toMatch(
      /^IDENTITY_JWKS_URL must be an https:\/\/ URL/,
    );
  });

  it.each([
    [{ IDENTITY_SECRET: 'too-short' }, /^IDENTITY_SECRET must be at least 32 characters/],
    [{ IDENTITY_JWKS_URL: 'app.example/jwks.json' }, /^IDENTITY_JWKS_URL must be an https:\/\/ URL of a JSON Web Key Set$/],
    [{ IDENTITY_JWKS_URL: 'ftp://app.example/jwks.json' }, /^IDENTITY_JWKS_URL must be an https:\/\/ URL of a JSON Web Key Set$/],
    [{ IDENTITY_ISSUER: 'x'.repeat(256) }, /^IDENTITY_ISSUER must be at most 255 characters$/],
    [{ IDENTITY_AUDIENCE: 'x'.repeat(256) }, /^IDENTITY_AUDIENCE must be at most 255 characters$/],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(configError(env as Record<string, string>)).toMatch(message);
  });
});

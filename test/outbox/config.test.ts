// CORE_WEBHOOK_URL and CORE_WEBHOOK_SECRET: both or neither, and the start line says where the
// payments core's events go, or that they are kept.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.ts';
import { startLine, type RunningService } from '../../bot/service.ts';
import { SECRET } from './support.ts';

const running = { port: 3000, db: { description: 'embedded PGlite in ./.data' } } as unknown as RunningService;

describe('the payments core webhook configuration', () => {
  it('a URL without its secret stops the start with one line naming the variable', () => {
    expect(() => loadConfig({ CORE_WEBHOOK_URL: 'https://core.example.com/webhooks/ombud' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORE_WEBHOOK_URL: 'https://core.example.com/webhooks/ombud' })).toThrow(
      /^CORE_WEBHOOK_SECRET must be set too/,
    );
    expect(() => loadConfig({ CORE_WEBHOOK_URL: 'ftp://core.example.com/x', CORE_WEBHOOK_SECRET: SECRET })).toThrow(
      /^CORE_WEBHOOK_URL must be an http\(s\) URL/,
    );
    expect(() => loadConfig({ CORE_WEBHOOK_URL: 'https://core.example.com/x', CORE_WEBHOOK_SECRET: 'short' })).toThrow(
      /^CORE_WEBHOOK_SECRET must be at least 32 characters/,
    );
  });

  it('the start line says the events are kept, not sent, without a URL; with one, where they go (never the path or the secret)', () => {
    expect(startLine(loadConfig({}), running)).toContain(
      'payments core events: kept, not sent (set CORE_WEBHOOK_URL and CORE_WEBHOOK_SECRET to send them)',
    );
    const line = startLine(
      loadConfig({ CORE_WEBHOOK_URL: 'https://core.example.com/webhooks/ombud?key=x', CORE_WEBHOOK_SECRET: SECRET }),
      running,
    );
    expect(line).toContain('payments core events: sent to https://core.example.com');
    expect(line).not.toContain('webhooks');
    expect(line).not.toContain(SECRET);
  });

  it("APP_WEBHOOK_URL (the app backend's consumer.message, issue 18) needs its own secret too", () => {
    expect(() => loadConfig({ APP_WEBHOOK_URL: 'https://app.example.com/webhooks/ombud' })).toThrow(
      /^APP_WEBHOOK_SECRET must be set too/,
    );
    expect(() => loadConfig({ APP_WEBHOOK_URL: 'mailto:x@example.com', APP_WEBHOOK_SECRET: SECRET })).toThrow(
      /^APP_WEBHOOK_URL must be an http\(s\) URL/,
    );
    expect(() => loadConfig({ APP_WEBHOOK_URL: 'https://app.example.com/x', APP_WEBHOOK_SECRET: 'short' })).toThrow(
      /^APP_WEBHOOK_SECRET must be at least 32 characters/,
    );
    expect(
      loadConfig({ APP_WEBHOOK_URL: 'https://app.example.com/x', APP_WEBHOOK_SECRET: SECRET }).APP_WEBHOOK_URL,
    ).toBe('https://app.example.com/x');
  });
});

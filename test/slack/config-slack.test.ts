// The desk's configuration: over HTTP it needs the bot token and the signing secret; in socket
// mode the bot token and an app-level token, and no signing secret.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.ts';

describe('Slack configuration', () => {
  it('turns the desk on in socket mode with a bot token and an app token, without a signing secret', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1-A1-2-abc',
      SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS',
    });
    expect(config.slackEnabled).toBe(true);
    expect(config.SLACK_APP_TOKEN).toBe('xapp-1-A1-2-abc');
  });

  it('refuses an app token that is not one, and an app token without a bot token, in one line naming the variable', () => {
    expect(() =>
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2', SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS' }),
    ).toThrow(/^SLACK_APP_TOKEN must be an app-level token starting with xapp-$/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1', SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1', SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS' })).toThrow(
      /^SLACK_BOT_TOKEN must be set too/,
    );
  });

  it("takes another base URL for Slack's Web API (an egress proxy, a local stand-in), and refuses one that is not http(s)", () => {
    const desk = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS' };
    expect(loadConfig(desk).SLACK_API_URL).toBeUndefined();
    expect(loadConfig({ ...desk, SLACK_API_URL: 'http://127.0.0.1:8080/api' }).SLACK_API_URL).toBe(
      'http://127.0.0.1:8080/api/',
    );
    expect(() => loadConfig({ ...desk, SLACK_API_URL: 'slack.com/api' })).toThrow(
      /^SLACK_API_URL must be an http\(s\) URL/,
    );
    expect(() => loadConfig({ ...desk, SLACK_API_URL: 'ftp://slack.test/api/' })).toThrow(ConfigError);
  });

  it('still needs the signing secret over HTTP', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS' })).toThrow(
      /^SLACK_SIGNING_SECRET must be set too/,
    );
  });
});

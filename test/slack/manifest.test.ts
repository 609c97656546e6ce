// The manifest an operator pastes into Slack must point at the endpoint the service mounts and
// ask for the scopes the desk uses (and no broader ones).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../bot/slack/app.ts';

const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
// Lines without comments, so a scope mentioned in a comment does not count.
const lines = manifest
  .split('\n')
  .map((line) => line.replace(/(^|\s)#.*$/, '').trimEnd())
  .filter((line) => line.trim() !== '');

function listUnder(key: string): string[] {
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  if (start === -1) return [];
  const indent = lines[start]!.search(/\S/);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.search(/\S/) <= indent) break;
    const item = /^\s*-\s+(.+)$/.exec(line);
    if (item) items.push(item[1]!.trim());
  }
  return items;
}

describe('manifest.yml', () => {
  it('sends events, interactivity and the slash command to the mounted endpoint', () => {
    const urls = lines
      .filter((line) => /^\s*(url|request_url):/.test(line))
      .map((line) => line.split(/:\s+/)[1]!.trim());
    expect(urls).toHaveLength(4);
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
  });

  it('asks for the bot scopes the desk uses and not chat:write.public', () => {
    const scopes = listUnder('bot');
    expect(scopes).toEqual(
      expect.arrayContaining(['chat:write', 'channels:history', 'groups:history', 'users:read', 'commands']),
    );
    expect(scopes).not.toContain('chat:write.public');
  });

  it('subscribes to thread messages and App Home, and declares /cases and /complaint', () => {
    expect(listUnder('bot_events').sort()).toEqual(['app_home_opened', 'message.channels', 'message.groups']);
    expect(lines.some((line) => /-\s+command:\s+\/cases$/.test(line))).toBe(true);
    expect(lines.some((line) => /-\s+command:\s+\/complaint$/.test(line))).toBe(true);
    expect(lines.some((line) => /home_tab_enabled:\s+true/.test(line))).toBe(true);
  });
});

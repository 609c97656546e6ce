// Debian's Chromium, headless, as every browser test launches it (never a downloaded browser):
// quiet (no background networking, updates or sync) and without QUIC, so the page talks plain
// HTTP and websockets to the local service. `hostRules` maps test host names to 127.0.0.1.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(hostRules: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(hostRules.length > 0
        ? [`--host-resolver-rules=${hostRules.map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`]
        : []),
    ],
  });
}

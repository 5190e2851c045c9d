// Test support: Debian's Chromium driven by playwright-core, held to loopback: the dashboard's tests
// and the first-load benchmark must never send a packet off the machine, whatever a page links to.
import type { Browser } from 'playwright-core';

/** Debian's package (scripts/ensure-services.mjs installs it); never a browser Playwright downloads. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Every name resolves to nothing except the loopback ones, and none of Chromium's own background
 * traffic (updates, metrics, safe browsing, sync) starts.
 */
export const loopbackOnlyArgs = [
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-default-apps',
  '--metrics-recording-only',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
];

export async function launchChromium(): Promise<Browser> {
  // Loaded here, not when the testing library is: most tests never start a browser.
  const { chromium } = await import('playwright-core');
  // Chromium refuses to run its sandbox as root (CI containers run as root).
  const sandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  return chromium.launch({ executablePath: chromiumPath, args: [...loopbackOnlyArgs, ...sandbox] });
}

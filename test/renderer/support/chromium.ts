import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Real Chromium for the renderer (DESIGN.md, "Habits"): Debian's package, driven by
 * playwright-core, since Electron itself cannot run on the build machines. Tests use it through
 * use-chromium.ts; the UI benchmark launches it directly.
 */

/** Debian's chromium; DOWNWATCH_CHROMIUM points elsewhere on other systems. */
export const CHROMIUM_PATH = process.env.DOWNWATCH_CHROMIUM ?? '/usr/bin/chromium';

/** The popover's designed size (README, "The desktop app"). */
export const POPOVER_VIEWPORT = { width: 380, height: 560 } as const;

/** Why the renderer tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return undefined;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH}; install with: apt-get install chromium (or set DOWNWATCH_CHROMIUM)`;
  }
}

export function chromiumAvailable(): boolean {
  return chromiumMissing() === undefined;
}

/**
 * Playwright already passes --headless, --no-sandbox (unless chromiumSandbox), --no-first-run,
 * --disable-background-networking and --disable-component-update; only the GPU is ours to turn
 * off (there is none on the build machines, and software GL only adds start-up time).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--disable-gpu'] });
}

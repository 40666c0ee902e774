import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';

/**
 * electron-builder's own loader and validator, the ones `electron-builder` runs before it
 * builds anything: getConfig reads the YAML and follows `extends`; validateConfiguration checks
 * it against electron-builder's JSON schema (app-builder-lib/scheme.json) and its deprecation
 * rules. They live in app-builder-lib, which electron-builder depends on; they are found through
 * electron-builder so the versions always match.
 */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface BuilderInternals {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
}
interface BuilderUtil {
  DebugLogger: new (isEnabled: boolean) => unknown;
}

const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const internals = fromBuilder('app-builder-lib/out/util/config/config.js') as BuilderInternals;
const { DebugLogger } = fromBuilder('builder-util') as BuilderUtil;

/** The configuration electron-builder would build with (`extends` followed), from a path in the repo. */
export function loadBuilderConfig(configPath: string): Promise<Configuration> {
  return internals.getConfig(REPO, configPath, null);
}

/** Resolves when electron-builder accepts the configuration; rejects with its own message otherwise. */
export function validateBuilderConfig(config: Configuration): Promise<void> {
  return internals.validateConfiguration(config, new DebugLogger(false));
}

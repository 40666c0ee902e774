import { DEFAULT_CONFIG } from '../monitor/config/defaults.js';
import { issueText } from '../monitor/config/issues.js';
import { loadConfigFile } from '../monitor/config/load.js';
import { parseConfig, type MonitorConfig } from '../monitor/config/parse.js';

export type LoadedConfig = { ok: true; config: MonitorConfig } | { ok: false; message: string };

/** The config named by --config, or the embedded default set. */
export async function loadCliConfig(path: string | undefined): Promise<LoadedConfig> {
  const result = path === undefined ? parseConfig(DEFAULT_CONFIG) : await loadConfigFile(path);
  if (result.ok) return result;
  const where = path ?? 'the built-in config';
  const lines = result.issues.map((issue) => `  ${issueText(issue)}`);
  return { ok: false, message: `${where} is not a valid Downwatch config:\n${lines.join('\n')}` };
}

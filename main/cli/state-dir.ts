import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `watch` keeps its history between runs, by each platform's convention:
 * Linux $XDG_STATE_HOME (~/.local/state), macOS Application Support, Windows %LOCALAPPDATA%.
 * DOWNWATCH_STATE_DIR overrides all of them.
 */
export function defaultStateDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.DOWNWATCH_STATE_DIR) return env.DOWNWATCH_STATE_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Downwatch');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Downwatch');
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'downwatch');
}

import { app } from 'electron';
import {
  autostartEntry,
  autostartPath,
  disableAutostart,
  enableAutostart,
} from '../desktop/autostart-linux.js';

export interface AutostartDeps {
  readonly platform: NodeJS.Platform;
  /** The person's setting, read at setup. */
  readonly enabled: () => boolean;
  /** process.execPath. */
  readonly execPath: string;
  /** process.env: XDG_CONFIG_HOME on Linux. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** os.homedir(). */
  readonly home: string;
  /** env.APPIMAGE when running from an AppImage: the file to start, not its temporary mount. */
  readonly appImage?: string | undefined;
  /** Arguments for the started app (Windows and Linux; macOS has no place for them). */
  readonly args?: readonly string[];
  readonly log: (message: string) => void;
}

export interface Autostart {
  /** Turns launch at login on or off; rejects when the OS or the file system refused. */
  readonly apply: (enabled: boolean) => Promise<void>;
  /** The apply made at setup, settled (its failure is logged, not thrown). */
  readonly ready: Promise<void>;
  readonly dispose: () => void;
}

/**
 * Launch at login. macOS and Windows register a login item through Electron; Linux has none
 * there, so the XDG autostart entry is written (autostart-linux.ts). The setting is applied at
 * every start: a moved AppImage or a new install path is followed, and an entry left behind
 * while the setting is off is removed.
 */
export function setupAutostart(deps: AutostartDeps): Autostart {
  let disposed = false;
  // One change at a time, in order: toggled quickly, a write and a delete must not race on
  // the Linux file, and the last request wins.
  let queue: Promise<void> = Promise.resolve();

  const applyNow = async (enabled: boolean): Promise<void> => {
    if (deps.platform === 'darwin') {
      app.setLoginItemSettings({ openAtLogin: enabled });
    } else if (deps.platform === 'win32') {
      // Electron writes `path` and `args` into the Run key joined by spaces, unquoted
      // (FormatCommandLineString in browser_win.cc): an unquoted "C:\Program Files\..." is
      // the classic unquoted-path hazard, and it also defeats getLoginItemSettings' lookup,
      // which parses the path as a command line. So each is quoted here when it holds a space.
      app.setLoginItemSettings({
        openAtLogin: enabled,
        path: quoteForWindows(deps.execPath),
        args: (deps.args ?? []).map(quoteForWindows),
      });
    } else if (deps.platform === 'linux') {
      const path = autostartPath(deps.env, deps.home);
      if (!enabled) {
        await disableAutostart(path);
        return;
      }
      const entry = autostartEntry({
        execPath: deps.execPath,
        appImage: deps.appImage,
        ...(deps.args ? { args: deps.args } : {}),
      });
      await enableAutostart(path, entry);
    } else {
      deps.log(`autostart: launch at login is not supported on ${deps.platform}`);
    }
  };

  const apply = (enabled: boolean): Promise<void> => {
    if (disposed) return Promise.resolve();
    const run = queue.then(() => applyNow(enabled));
    queue = run.catch(() => undefined);
    return run;
  };

  const ready = apply(deps.enabled()).catch((error: unknown) => {
    deps.log(
      `autostart: could not apply the setting: ${error instanceof Error ? error.message : String(error)}`,
    );
  });

  return {
    apply,
    ready,
    dispose: () => {
      disposed = true;
    },
  };
}

/** One argument of a Windows command line; ours never contain quotes, so none is escaped. */
function quoteForWindows(argument: string): string {
  if (argument.includes('"')) throw new Error('a login item argument cannot contain a double quote');
  return /[\s]/.test(argument) || argument === '' ? `"${argument}"` : argument;
}

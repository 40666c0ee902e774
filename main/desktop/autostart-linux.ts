import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * Launch at login on Linux: Electron's setLoginItemSettings does nothing there, so we write the
 * XDG autostart entry ourselves (Desktop Application Autostart Specification, which every
 * freedesktop session honours: GNOME, KDE, Xfce, Cinnamon, MATE, LXQt).
 */

export const AUTOSTART_FILE_NAME = 'downwatch.desktop';

/**
 * `$XDG_CONFIG_HOME/autostart/downwatch.desktop`, or `~/.config/autostart/...` when it is unset.
 * The XDG Base Directory spec says a relative path in XDG_CONFIG_HOME is invalid and must be
 * ignored, so only an absolute one counts.
 */
export function autostartPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configured = env.XDG_CONFIG_HOME;
  const configHome = configured && isAbsolute(configured) ? configured : join(home, '.config');
  return join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

export interface AutostartEntryOptions {
  /** process.execPath: the app's binary. */
  readonly execPath: string;
  /**
   * env.APPIMAGE when running from an AppImage. execPath then points into the image's
   * temporary mount (/tmp/.mount_XXXX), which is gone after logout; APPIMAGE is the file itself.
   */
  readonly appImage?: string | undefined;
  /** Arguments after the program, e.g. one telling the app it was started at login. */
  readonly args?: readonly string[];
}

/** The desktop entry's text. Every value is written escaped, so no path can break the file. */
export function autostartEntry(options: AutostartEntryOptions): string {
  const program = options.appImage && options.appImage !== '' ? options.appImage : options.execPath;
  const exec = [program, ...(options.args ?? [])].map(quoteExecArgument).join(' ');
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    'Name=Downwatch',
    'Comment=Tells you when a service you depend on is down',
    `Exec=${escapeValue(exec)}`,
    'Terminal=false',
    'Hidden=false',
    'NoDisplay=false',
    'X-GNOME-Autostart-enabled=true',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Characters the Desktop Entry spec ("The Exec key") reserves: an argument containing one must
 * be quoted. Inside double quotes, `"`, backquote, `$` and `\` are escaped with a backslash.
 */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One Exec argument. `%` starts a field code (%f, %u) anywhere, quoted or not, so a literal
 * one is `%%` (GLib checks that the program exists before expanding it, so a `%` in the
 * program's own path cannot start there; in arguments it works). Control characters other than tab and line breaks have no escape in a desktop
 * file at all, so such a path is refused rather than written wrong.
 */
export function quoteExecArgument(argument: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(argument)) {
    throw new Error('an autostart argument cannot contain control characters');
  }
  const literal = argument.replaceAll('%', '%%');
  if (literal !== '' && !RESERVED.test(literal)) return literal;
  return `"${literal.replace(/["`$\\]/g, (char) => `\\${char}`)}"`;
}

/**
 * A string value, escaped as the spec's "Possible value types" says: backslash, line breaks and
 * tab. This applies after Exec's quoting, which is why a backslash inside a quoted argument ends
 * up as four in the file (the spec spells this out).
 */
function escapeValue(value: string): string {
  return value.replace(/[\\\n\r\t]/g, (char) => {
    if (char === '\\') return '\\\\';
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    return '\\t';
  });
}

/**
 * Writes the entry, replacing any earlier one: call it again at each start while launch at
 * login is on, so a moved AppImage or an updated install path is followed. Written beside the
 * target and renamed over it, so the session never reads half an entry.
 */
export async function enableAutostart(path: string, entry: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  try {
    await writeFile(temp, entry, { encoding: 'utf8', mode: 0o644 });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Removes the entry. Ours lives only in the person's own autostart directory, so deleting it
 * is enough; `Hidden=true` is for overriding a system-wide entry, which we never install.
 */
export async function disableAutostart(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/**
 * Whether the session will start us: the file exists and neither `Hidden=true` nor
 * `X-GNOME-Autostart-enabled=false` switches it off (a person can set either by hand or from
 * GNOME Tweaks; we read theirs rather than assume ours).
 */
export async function isAutostartEnabled(path: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  const entry = desktopEntryGroup(text);
  return entry.get('Hidden') !== 'true' && entry.get('X-GNOME-Autostart-enabled') !== 'false';
}

/** The keys of the `[Desktop Entry]` group (other groups, comments and blank lines skipped). */
function desktopEntryGroup(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inEntry = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      inEntry = line === '[Desktop Entry]';
      continue;
    }
    const equals = line.indexOf('=');
    if (!inEntry || equals < 0) continue;
    keys.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
  }
  return keys;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A private desktop-notification stack for one test file: a session bus of its own, a virtual X
 * display, dunst as the notification server on them, and dbus-monitor recording every Notify
 * call. Every process is a direct child (no xvfb-run or dbus-run-session wrappers whose
 * grandchildren could outlive the test) and `stop()` ends them all.
 */

/** Debian: xvfb, dbus (dbus-daemon, dbus-send), dbus-bin (dbus-monitor), dunst, libnotify-bin. */
export const NOTIFICATION_TOOLS = [
  'Xvfb',
  'dbus-daemon',
  'dbus-send',
  'dbus-monitor',
  'dunst',
  'notify-send',
];
export const NOTIFICATION_PACKAGES = 'xvfb dbus dbus-x11 dunst libnotify-bin';

/** The tools not found on PATH. */
export function missingNotificationTools(path = process.env.PATH ?? ''): string[] {
  const directories = path.split(delimiter).filter((directory) => directory !== '');
  return NOTIFICATION_TOOLS.filter(
    (tool) =>
      !directories.some((directory) => {
        try {
          accessSync(join(directory, tool), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

/** One org.freedesktop.Notifications.Notify call, as the spec orders its arguments. */
export interface NotifyCall {
  readonly appName: string;
  readonly replacesId: string;
  readonly appIcon: string;
  readonly summary: string;
  readonly body: string;
  /** Hint name to dbus-monitor's rendering of its value, e.g. urgency: "byte 2". */
  readonly hints: Readonly<Record<string, string>>;
  readonly expireTimeout: string;
}

/**
 * Reads dbus-monitor's text output. A message starts at column 0; its arguments are indented
 * three spaces; the hints array holds `dict entry(` blocks of a key string and a variant line.
 * Strings are printed raw between quotes (no escaping), so the value is everything between the
 * first and the last quote on the line.
 */
export function parseNotifyCalls(output: string): NotifyCall[] {
  const calls: NotifyCall[] = [];
  const lines = output.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const header = lines[index] ?? '';
    if (!header.startsWith('method call ') || !header.includes('member=Notify')) continue;
    const scalars: string[] = [];
    const arrays: string[][] = [];
    for (index += 1; index < lines.length; index += 1) {
      const line = lines[index] ?? '';
      if (!line.startsWith('   ')) {
        index -= 1;
        break;
      }
      if (line === '   array [') {
        const inner: string[] = [];
        for (index += 1; index < lines.length && lines[index] !== '   ]'; index += 1)
          inner.push(lines[index] ?? '');
        arrays.push(inner);
      } else if (!line.startsWith('    ')) scalars.push(line.trim());
    }
    const [appName, replacesId, appIcon, summary, body, expireTimeout] = scalars;
    if (appName === undefined || summary === undefined || body === undefined) continue;
    calls.push({
      appName: stringValue(appName),
      replacesId: replacesId ?? '',
      appIcon: stringValue(appIcon ?? ''),
      summary: stringValue(summary),
      body: stringValue(body),
      hints: parseHints(arrays[1] ?? []),
      expireTimeout: expireTimeout ?? '',
    });
  }
  return calls;
}

function stringValue(line: string): string {
  const first = line.indexOf('"');
  const last = line.lastIndexOf('"');
  return line.startsWith('string ') && first >= 0 && last > first ? line.slice(first + 1, last) : line;
}

function parseHints(lines: readonly string[]): Record<string, string> {
  const hints: Record<string, string> = {};
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index]?.trim() !== 'dict entry(') continue;
    const key = stringValue(lines[index + 1]?.trim() ?? '');
    const value = (lines[index + 2]?.trim() ?? '').replace(/^variant\s+/, '');
    Object.defineProperty(hints, key, { value, enumerable: true });
  }
  return hints;
}

/** A child process whose output is kept, with a way to wait for a line of it. */
class Tool {
  readonly child: ChildProcess;
  output = '';
  stderr = '';
  readonly #exited: Promise<void>;
  #exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(name, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.#exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        this.#exitCode = code;
        resolve();
      });
      // A spawn failure (ENOENT) emits 'error' and maybe no 'exit'.
      this.child.once('error', () => {
        this.#exitCode ??= null;
        resolve();
      });
    });
  }

  get running(): boolean {
    return this.#exitCode === undefined;
  }

  /** Resolves with the first match of `pattern` in the output, or rejects after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (!this.running) throw new Error(`${this.name} exited before it was ready: ${this.stderr.trim()}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready within ${timeoutMs} ms (stderr: ${this.stderr.trim()})`);
      await delay(25);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const ended = await Promise.race([this.#exited.then(() => true), delay(graceMs).then(() => false)]);
    if (!ended) {
      this.child.kill('SIGKILL');
      await this.#exited;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface NotificationBus {
  /** For DBUS_SESSION_BUS_ADDRESS: the private bus that notify-send must talk to. */
  readonly address: string;
  /** Every Notify call seen so far. */
  calls(): NotifyCall[];
  /** The first Notify call matching `predicate`, waiting up to `timeoutMs` for it. */
  waitForCall(predicate: (call: NotifyCall) => boolean, timeoutMs?: number): Promise<NotifyCall>;
  stop(): Promise<void>;
}

/** Starts the stack; on any failure, whatever already started is stopped before the error surfaces. */
export async function startNotificationBus(timeoutMs = 10_000): Promise<NotificationBus> {
  const directory = await mkdtemp(join(tmpdir(), 'downwatch-notify-'));
  const tools: Tool[] = [];
  const stopAll = async (): Promise<void> => {
    for (const tool of [...tools].reverse()) await tool.stop();
    await rm(directory, { recursive: true, force: true });
  };
  // The machine's own session must not leak in: no inherited bus, display, Wayland socket or dunstrc.
  const base: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: directory };
  delete base.DBUS_SESSION_BUS_ADDRESS;
  delete base.WAYLAND_DISPLAY;
  delete base.DISPLAY;
  try {
    const bus = new Tool(
      'dbus-daemon',
      ['--session', '--nofork', '--print-address=1', `--address=unix:path=${join(directory, 'bus')}`],
      base,
    );
    tools.push(bus);
    const address = (await bus.waitFor(/^(unix:\S+)\n/m, timeoutMs))[1] ?? '';

    // -displayfd: Xvfb picks a free display itself and prints its number once it accepts clients.
    const xvfb = new Tool(
      'Xvfb',
      ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', '800x600x24'],
      base,
    );
    tools.push(xvfb);
    const display = `:${(await xvfb.waitFor(/^(\d+)\n/m, timeoutMs))[1] ?? ''}`;

    const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address, DISPLAY: display };
    tools.push(new Tool('dunst', [], env));
    await waitForServer(env, timeoutMs);

    const monitor = new Tool(
      'dbus-monitor',
      ['--session', "interface='org.freedesktop.Notifications',member='Notify'"],
      env,
    );
    tools.push(monitor);
    // dbus-monitor loses its own name when it becomes a monitor: from then on it sees everything.
    await monitor.waitFor(/member=NameLost/, timeoutMs);

    const calls = (): NotifyCall[] => parseNotifyCalls(monitor.output);
    return {
      address,
      calls,
      async waitForCall(predicate, waitMs = timeoutMs) {
        const deadline = Date.now() + waitMs;
        for (;;) {
          const found = calls().find(predicate);
          if (found) return found;
          if (Date.now() > deadline)
            throw new Error(`no matching Notify call within ${waitMs} ms; saw:\n${monitor.output}`);
          await delay(25);
        }
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Polls the bus until something owns org.freedesktop.Notifications (dunst is up). */
async function waitForServer(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const owned = await new Promise<boolean>((resolve) => {
      execFile(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.DBus',
          '/org/freedesktop/DBus',
          'org.freedesktop.DBus.NameHasOwner',
          'string:org.freedesktop.Notifications',
        ],
        { env, timeout: 2000 },
        (error, stdout) => resolve(!error && /boolean true/.test(stdout)),
      );
    });
    if (owned) return;
    if (Date.now() > deadline) throw new Error(`no notification server on the bus within ${timeoutMs} ms`);
    await delay(50);
  }
}

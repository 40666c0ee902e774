import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autostartEntry,
  autostartPath,
  disableAutostart,
  enableAutostart,
  isAutostartEnabled,
  quoteExecArgument,
} from '../../main/desktop/autostart-linux.js';

const run = promisify(execFile);

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'downwatch-autostart-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autostartPath', () => {
  it.each([
    ['XDG_CONFIG_HOME unset', {}, '/home/ada/.config/autostart/downwatch.desktop'],
    ['XDG_CONFIG_HOME empty', { XDG_CONFIG_HOME: '' }, '/home/ada/.config/autostart/downwatch.desktop'],
    ['XDG_CONFIG_HOME set', { XDG_CONFIG_HOME: '/data/cfg' }, '/data/cfg/autostart/downwatch.desktop'],
    // The XDG Base Directory spec: relative paths are invalid and ignored.
    ['XDG_CONFIG_HOME relative', { XDG_CONFIG_HOME: 'cfg' }, '/home/ada/.config/autostart/downwatch.desktop'],
  ])('%s', (_name, env, expected) => {
    expect(autostartPath(env, '/home/ada')).toBe(expected);
  });
});

describe('quoteExecArgument', () => {
  it.each([
    ['a plain path', '/opt/Downwatch/downwatch', '/opt/Downwatch/downwatch'],
    ['a space', '/opt/Down Watch/downwatch', '"/opt/Down Watch/downwatch"'],
    ['a double quote', 'say"hi', '"say\\"hi"'],
    ['a dollar', '/home/$USER', '"/home/\\$USER"'],
    ['a backquote', 'a`b', '"a\\`b"'],
    ['a backslash', 'a\\b', '"a\\\\b"'],
    ['a single quote', "it's", '"it\'s"'],
    ['a percent sign (a field code otherwise)', '100%', '100%%'],
    ['a percent sign and a space', '50 %u', '"50 %%u"'],
    ['a tilde', '~/bin/dw', '"~/bin/dw"'],
    ['an empty argument', '', '""'],
  ])('%s', (_name, argument, expected) => {
    expect(quoteExecArgument(argument)).toBe(expected);
  });

  it('refuses control characters, which a desktop file cannot hold', () => {
    expect(() => quoteExecArgument('a\u0001b')).toThrow(/control characters/);
  });
});

describe('autostartEntry', () => {
  it('is a complete desktop entry for the installed binary', () => {
    expect(autostartEntry({ execPath: '/opt/Downwatch/downwatch', args: ['--hidden'] })).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.5',
        'Name=Downwatch',
        'Comment=Tells you when a service you depend on is down',
        'Exec=/opt/Downwatch/downwatch --hidden',
        'Terminal=false',
        'Hidden=false',
        'NoDisplay=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [
      'the AppImage, not its temporary mount',
      '/home/ada/Apps/Downwatch.AppImage',
      'Exec=/home/ada/Apps/Downwatch.AppImage',
    ],
    ['execPath when APPIMAGE is empty', '', 'Exec=/tmp/.mount_Downw1/downwatch'],
    ['execPath when APPIMAGE is unset', undefined, 'Exec=/tmp/.mount_Downw1/downwatch'],
  ])('runs %s', (_name, appImage, line) => {
    const entry = autostartEntry({ execPath: '/tmp/.mount_Downw1/downwatch', appImage });
    expect(entry.split('\n')).toContain(line);
  });

  it('applies the string escapes after quoting: four backslashes for one in a quoted argument', () => {
    const entry = autostartEntry({ execPath: '/opt/a b/dw', args: ['C:\\x', 'say "hi"'] });
    expect(entry.split('\n')).toContain('Exec="/opt/a b/dw" "C:\\\\\\\\x" "say \\\\"hi\\\\""');
  });
});

describe('enableAutostart, disableAutostart and isAutostartEnabled on real files', () => {
  it('creates the autostart directory, writes the entry and removes it again', async () => {
    const path = autostartPath({ XDG_CONFIG_HOME: join(directory, 'config') }, '/nowhere');
    expect(await isAutostartEnabled(path)).toBe(false);

    await enableAutostart(path, autostartEntry({ execPath: '/opt/dw/downwatch' }));
    expect(await isAutostartEnabled(path)).toBe(true);
    expect(await readFile(path, 'utf8')).toContain('Exec=/opt/dw/downwatch\n');
    expect(await readdir(join(directory, 'config', 'autostart'))).toEqual(['downwatch.desktop']);

    await disableAutostart(path);
    expect(await isAutostartEnabled(path)).toBe(false);
    // Disabling twice is fine: the person may have deleted the file already.
    await disableAutostart(path);
  });

  it('replaces an earlier entry, so a moved AppImage is followed', async () => {
    const path = join(directory, 'autostart', 'downwatch.desktop');
    await enableAutostart(path, autostartEntry({ execPath: '/x', appImage: '/old/Downwatch.AppImage' }));
    await enableAutostart(path, autostartEntry({ execPath: '/x', appImage: '/new/Downwatch.AppImage' }));
    expect(await readFile(path, 'utf8')).toContain('Exec=/new/Downwatch.AppImage\n');
  });

  it.each([
    ['our own entry', 'Hidden=false\nX-GNOME-Autostart-enabled=true', true],
    ['switched off in GNOME Tweaks', 'X-GNOME-Autostart-enabled=false', false],
    ['hidden by hand', 'Hidden=true', false],
    ['Hidden=true in another group only', 'Exec=x\n[Desktop Action quit]\nHidden=true', true],
    ['comments and spacing', '# Hidden=true\nHidden = false', true],
  ])('reads an entry that is %s', async (_name, body, expected) => {
    const path = join(directory, 'downwatch.desktop');
    await writeFile(path, `[Desktop Entry]\nType=Application\nName=Downwatch\n${body}\n`);
    expect(await isAutostartEnabled(path)).toBe(expected);
  });
});

/** GLib's own desktop-entry parser, where the machine has it: the real reader of these files. */
const gio = await run('gio', ['version']).then(
  () => true,
  () => false,
);

describe.skipIf(!gio)('the entry as GLib launches it', () => {
  it('passes every argument through exactly, however odd the path', async () => {
    // No % in the program's own path: GLib checks that the program exists before expanding
    // field codes, so it looks for a literal "%%" there (a % in a path cannot autostart on GLib
    // desktops; in arguments it works).
    const odd = join(directory, 'Apps with space', `it's "quoted" $HOME \`x\` back\\slash`);
    await mkdir(odd, { recursive: true });
    const program = join(odd, 'downwatch');
    const out = join(directory, 'argv.bin');
    // A shell script, not node: gio starts it with the session's PATH, which may lack node. It
    // renames its output into place so the test never reads half of it.
    await writeFile(
      program,
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${out}.tmp' && mv '${out}.tmp' '${out}'\n`,
    );
    await chmod(program, 0o755);
    const args = ['--hidden', 'a b', 'back\\slash', 'dollar $PATH', '50%', "single'quote", ''];
    const entryPath = join(directory, 'downwatch.desktop');
    await enableAutostart(entryPath, autostartEntry({ execPath: '/not/used', appImage: program, args }));

    await run('gio', ['launch', entryPath]);
    const argv = await waitForFile(out);
    expect(argv.split('\0').slice(0, -1)).toEqual(args);
  });
});

async function waitForFile(path: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return await readFile(path, 'utf8');
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${path} never appeared`);
}

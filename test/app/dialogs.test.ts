import { describe, expect, it, vi } from 'vitest';

// Electron itself is the one thing mocked (DESIGN.md, "Habits"): the dialog module answers what
// the test queued and records what it was asked.
const electron = vi.hoisted(() => ({
  asked: [] as { kind: string; parent: unknown; options: Record<string, unknown> }[],
  answers: [] as Record<string, unknown>[],
}));
vi.mock('electron', () => ({
  dialog: {
    showSaveDialog: (parent: unknown, options: Record<string, unknown>) => {
      electron.asked.push({ kind: 'save', parent, options });
      return Promise.resolve(electron.answers.shift());
    },
    showOpenDialog: (parent: unknown, options: Record<string, unknown>) => {
      electron.asked.push({ kind: 'open', parent, options });
      return Promise.resolve(electron.answers.shift());
    },
  },
}));

const { setupConfigDialogs } = await import('../../main/app/dialogs.js');

const parent = { name: 'the popover' };
const host = {
  held: 0,
  async withDialog<T>(open: (window: never) => Promise<T>): Promise<T> {
    this.held++;
    return open(parent as never);
  },
};

describe('config dialogs', () => {
  it('export asks where to save a JSON file, attached to the popover, and says when cancelled', async () => {
    const dialogs = setupConfigDialogs(host, '/home/me/Documents');
    electron.answers.push(
      { canceled: false, filePath: '/home/me/Documents/mine.json' },
      { canceled: true, filePath: '' },
    );
    expect(await dialogs.chooseExportPath('downwatch-config.json')).toBe('/home/me/Documents/mine.json');
    expect(await dialogs.chooseExportPath('downwatch-config.json')).toBeUndefined();
    expect(electron.asked[0]).toMatchObject({
      kind: 'save',
      parent,
      options: {
        defaultPath: '/home/me/Documents/downwatch-config.json',
        filters: [{ extensions: ['json'] }],
      },
    });
  });

  it('import asks for one existing JSON file', async () => {
    electron.asked.length = 0;
    const dialogs = setupConfigDialogs(host, '/home/me/Documents');
    electron.answers.push({ canceled: false, filePaths: ['/tmp/a.json'] }, { canceled: true, filePaths: [] });
    expect(await dialogs.chooseImportPath()).toBe('/tmp/a.json');
    expect(await dialogs.chooseImportPath()).toBeUndefined();
    expect(electron.asked[0]).toMatchObject({ kind: 'open', parent, options: { properties: ['openFile'] } });
    expect(host.held).toBe(4);
  });
});

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md: only main/index.ts, main/app/** and main/preload/** may import electron at
 * runtime; everything else must run in plain Node. This runs the project's real ESLint config
 * on the import in each place.
 */
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
}

describe('the electron boundary', () => {
  it.each(['main/monitor/monitor.ts', 'main/cli/main.ts', 'main/shared/snapshot.ts'])(
    'refuses a runtime import in %s',
    async (file) => {
      expect(
        await boundaryErrors(file, "import { app } from 'electron';\nexport const ready = app.isReady();\n"),
      ).toEqual([
        "'electron' import is restricted from being used. Only main/index.ts, main/app/** and main/preload/** may import electron. Use `import type` elsewhere.",
      ]);
    },
  );

  it('keeps electron-updater, which loads electron, on the same side', async () => {
    expect(
      await boundaryErrors(
        'main/desktop/update-schedule.ts',
        "import { autoUpdater } from 'electron-updater';\nexport const updater = autoUpdater;\n",
      ),
    ).toEqual([
      "'electron-updater' import is restricted from being used. Only main/index.ts, main/app/** and main/preload/** may import electron-updater. Use `import type` elsewhere.",
    ]);
  });

  it('allows a type-only import anywhere', async () => {
    expect(
      await boundaryErrors(
        'main/monitor/monitor.ts',
        "import type { App } from 'electron';\nexport type A = App;\n",
      ),
    ).toEqual([]);
  });

  it.each(['main/index.ts', 'main/app/tray.ts', 'main/preload/index.ts'])('allows it in %s', async (file) => {
    expect(
      await boundaryErrors(file, "import { app } from 'electron';\nexport const ready = app.isReady();\n"),
    ).toEqual([]);
  });
});

describe('the renderer boundary', () => {
  async function rendererErrors(code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: 'renderer/src/views/overview.tsx' });
    return (result?.messages ?? [])
      .filter(
        (message) => message.severity === 2 && message.ruleId !== null && /restricted/.test(message.ruleId),
      )
      .map((message) => message.message);
  }

  it.each([
    ["import { join } from 'node:path';\nexport const a = join;\n", /no Node modules/],
    [
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
      /only through window\.downwatch/,
    ],
    [
      "import { CATALOG } from '../../../main/catalog/catalog.js';\nexport const a = CATALOG;\n",
      /only types/,
    ],
    ['export const a = process.env;\n', /Unexpected use of 'process'/],
  ])('refuses %j', async (code, message) => {
    const errors = await rendererErrors(code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('allows the IPC contract, the status words, and types from the rest of main', async () => {
    expect(
      await rendererErrors(
        [
          "import type { Snapshot } from '../../../main/shared/snapshot.js';",
          "import { statusLabel } from '../../../main/monitor/status.js';",
          "import type { DetectResult } from '../../../main/monitor/detect.js';",
          'export type S = Snapshot | DetectResult;',
          'export const label = statusLabel;',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});

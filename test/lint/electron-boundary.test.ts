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

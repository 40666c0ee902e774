// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Only the thin adapters and the composition root may touch Electron at runtime (DESIGN.md, "Layout"). */
const electronBoundary = {
  paths: [
    {
      name: 'electron',
      message:
        'Only main/index.ts, main/app/** and main/preload/** may import electron. Use `import type` elsewhere.',
      allowTypeImports: true,
    },
    {
      // It requires electron when loaded, so it lives on the same side of the line.
      name: 'electron-updater',
      message:
        'Only main/index.ts, main/app/** and main/preload/** may import electron-updater. Use `import type` elsewhere.',
      allowTypeImports: true,
    },
  ],
};

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // `() => clearTimeout(t)` reads better with braces-free arrows; the rule's other cases still apply.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', electronBoundary],
    },
  },
  {
    // The renderer runs in a sandboxed page: nothing of Node or Electron, and from main only types
    // and pure, Node-free modules (the status words and the wording of a change, shared with the CLI).
    files: ['renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.downwatch.' }],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a browser page: no Node modules.' },
            {
              regex: String.raw`^(\.\./)+main/(?!shared/|monitor/status\.js$|monitor/event-text\.js$)`,
              allowTypeImports: true,
              message: 'The renderer may import main/shared, and only types from the rest of main.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['main/index.ts', 'main/app/**', 'main/preload/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    // A sandboxed preload must be CommonJS, and under verbatimModuleSyntax a CommonJS value
    // import is written `import x = require(...)`.
    files: ['main/preload/**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests assert on shapes they just built; non-null assertions there read better than guards.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);

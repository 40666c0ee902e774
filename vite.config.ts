import { defineConfig } from 'vite';

/**
 * The renderer's bundle (issue 5, "Start"): Vite builds renderer/ into dist/renderer, tsc
 * builds main. Plain Vite rather than electron-vite: main is already plain tsc output that the
 * CLI and the tests run as is, and a second bundler for it would buy nothing.
 * `base: './'` because Electron loads the page from a file: URL, and from an app.asar in an
 * installed app.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  // Preact's JSX runtime (renderer/tsconfig.json says the same to the type checker).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron 45's Chromium: no transpiling for older browsers.
    target: 'chrome140',
    sourcemap: true,
    // One small window: everything in one script and one stylesheet.
    modulePreload: false,
    reportCompressedSize: false,
  },
});

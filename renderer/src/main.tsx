import { effect } from '@preact/signals';
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { api } from './api.js';
import { App } from './app.js';
import { applySnapshot, loadInitial, navigate, now, settings } from './store.js';

/**
 * The window's entry: render, load the first picture, then follow what main pushes. Marks for the
 * benchmark (bench/ui.ts): `downwatch:first-render` once the first snapshot is on screen,
 * `downwatch:snapshot-applied` after each pushed one is.
 */
const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
render(<App />, root);

api.on('snapshot:changed', (next) => {
  applySnapshot(next);
  afterPaint(() => performance.mark('downwatch:snapshot-applied'));
});
api.on('settings:changed', (next) => (settings.value = next));
api.on('window:show-service', (id) => navigate({ view: 'service', id }));
api.on('window:show-settings', () => navigate({ view: 'settings' }));

void loadInitial().then(() => afterPaint(() => performance.mark('downwatch:first-render')));

// Relative times ("checked 30 s ago") move on their own; a few seconds is fine-grained enough.
setInterval(() => (now.value = Date.now()), 5000);

// The theme the person chose; "system" follows the OS (prefers-color-scheme in styles.css).
effect(() => {
  const theme = settings.value?.theme ?? 'system';
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
});

/** After Preact has rendered (synchronously on signal change) and the browser has laid it out. */
function afterPaint(callback: () => void): void {
  requestAnimationFrame(() => setTimeout(callback, 0));
}

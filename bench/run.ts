import { cpus, totalmem } from 'node:os';
import { engineBench } from './engine.js';
import { parsingBench } from './parsing.js';
import { uiBench } from './ui.js';

/**
 * `npm run bench`: numbers, not tests (speed claims live here, never in timed assertions).
 * Prints markdown; the benchmark issue grows it (steady state, UI) and writes BENCHMARKS.md.
 */
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `# Downwatch benchmarks\n\nNode ${process.version}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GB, ${new Date().toISOString()}\n`,
);
console.log('## Parsing\n');
console.log(await parsingBench());
console.log('\n## One round of HTTP sources on loopback\n');
console.log(await engineBench([100, 1000]));
console.log('\n## The window in Chromium\n');
console.log(await uiBench([50, 500]));

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { engineSection } from './engine-round.js';
import { currentLoad, describeMachine, noiseProbe } from './machine.js';
import { parseOptions, type Section } from './options.js';
import { parsingSection } from './parsing.js';
import { renderReport, type SectionReport } from './report.js';
import { steadySection } from './steady-state.js';
import { uiSection } from './ui.js';

/**
 * `npm run bench`: numbers, not tests (speed claims live here, never in timed assertions).
 * Prints a markdown report and writes it to BENCHMARKS.md at the repository root.
 */
const REPORT_PATH = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const NOISE_RUNS = 15;

const options = parseOptions(process.argv.slice(2), REPORT_PATH);
const started = performance.now();
const machine = describeMachine();
const loadBefore = currentLoad();
const noiseBefore = await noiseProbe(NOISE_RUNS);

// Parsing first, in this process while it is fresh; the child-process sections next; the
// browser last, as it leaves the most behind.
const run: Record<Section, () => Promise<SectionReport>> = {
  parsing: () => parsingSection(options.parsing),
  engine: () => engineSection(options.engine),
  steady: () => steadySection(options.steady),
  ui: () => uiSection(options.ui.sizes, options.ui.runs),
};
const sections: SectionReport[] = [];
for (const name of ['parsing', 'engine', 'steady', 'ui'] as const) {
  if (!options.sections.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  sections.push(await run[name]());
}

const noiseAfter = await noiseProbe(NOISE_RUNS);
const report = renderReport({
  options,
  command: ['node dist/bench/run.js', ...process.argv.slice(2)].join(' '),
  machine,
  loadBefore,
  loadAfter: currentLoad(),
  noiseBefore,
  noiseAfter,
  sections,
  durationMs: performance.now() - started,
});
console.log(report);
if (options.output !== undefined) {
  writeFileSync(options.output, report);
  process.stderr.write(`bench: wrote ${options.output}\n`);
}

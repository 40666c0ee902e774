import { DOCUMENTED_TARGETS } from './documented-targets.js';
import type { FuzzTarget } from './fuzz-target.js';
import { REAL_TARGETS } from './real-targets.js';

/** Every target, real fixtures first. */
export const ALL_TARGETS: readonly FuzzTarget[] = [
  ...Object.values(REAL_TARGETS).flat(),
  ...Object.values(DOCUMENTED_TARGETS).flat(),
];

/** What splices take their slices from: every real payload. */
export const SPLICE_SOURCES: readonly string[] = Object.keys(REAL_TARGETS);

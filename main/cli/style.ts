import type { Status } from '../monitor/status.js';

/**
 * How a status looks in a terminal. A glyph carries the meaning and colour only repeats it,
 * so the table reads the same without colour (NO_COLOR, pipes, colour-blind eyes).
 */
const GLYPHS: Readonly<Record<Status, string>> = {
  operational: '✓',
  degraded: '◐',
  partial_outage: '▲',
  major_outage: '✖',
  maintenance: '⚙',
  unknown: '?',
};

const COLOURS: Readonly<Record<Status, number>> = {
  operational: 32, // green
  degraded: 33, // yellow
  partial_outage: 33,
  major_outage: 31, // red
  maintenance: 34, // blue
  unknown: 90, // grey
};

export function glyph(status: Status): string {
  return GLYPHS[status];
}

export interface Painter {
  status(status: Status, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function painter(enabled: boolean): Painter {
  const wrap = (code: number, text: string): string => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    status: (status, text) => wrap(COLOURS[status], text),
    dim: (text) => wrap(2, text),
    bold: (text) => wrap(1, text),
  };
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
export function wantsColour(isTty: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTty && env.TERM !== 'dumb';
}

import { describe, expect, it } from 'vitest';
import {
  ago,
  duration,
  foldForSearch,
  latencyText,
  regionName,
  uptimeText,
} from '../../renderer/src/format.js';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('window formatting', () => {
  it.each([
    [NOW - 2000, 'just now'],
    [NOW - 30_000, '30 s ago'],
    [NOW - 4 * 60_000, '4 min ago'],
    [NOW - 3 * 3_600_000, '3 h ago'],
    [NOW - 50 * 3_600_000, '2 d ago'],
    [NOW + 10_000, 'just now'],
  ])('ago(%i) is "%s"', (at, text) => {
    expect(ago(at, NOW)).toBe(text);
  });

  it.each([
    [45 * 60_000, '45 min'],
    [3 * 3_600_000, '3 h'],
    [3 * 3_600_000 + 10 * 60_000, '3 h 10 min'],
    [52 * 3_600_000, '2 d 4 h'],
  ])('duration(%i) is "%s"', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });

  it.each([
    [undefined, '—'],
    [1, '100 %'],
    [0.99999, '99.99 %'],
    [0.9995, '99.95 %'],
    [0.75, '75.0 %'],
  ])('uptimeText(%s) is "%s", never rounding a failure up to 100', (share, text) => {
    expect(uptimeText(share)).toBe(text);
  });

  it('latency in ms below a second, in seconds above', () => {
    expect([latencyText(87.4), latencyText(1520), latencyText(12_400)]).toEqual(['87 ms', '1.5 s', '12 s']);
  });

  it('region codes become names, unknown codes stay as they are', () => {
    expect(regionName('US')).toBe('United States');
    expect(regionName('jp')).toBe('Japan');
    expect(regionName('not a region')).toBe('not a region');
  });

  it('folds case and accents for the filter', () => {
    expect(foldForSearch('Zürich Café')).toBe('zurich cafe');
  });
});

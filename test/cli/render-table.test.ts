import { describe, expect, it } from 'vitest';
import { formatAge, renderTable } from '../../main/cli/render-table.js';
import { painter } from '../../main/cli/style.js';
import type { Snapshot } from '../../main/shared/snapshot.js';

describe('ages', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [89_000, '89 s'],
    [12 * 60_000, '12 min'],
    [3 * 3_600_000, '3 h'],
    [50 * 3_600_000, '2 d'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('the verbose table', () => {
  it('shows each source, with the age of the last good reading of an unreadable page', () => {
    const checkedAt = Date.UTC(2026, 0, 1, 12, 0);
    const snapshot: Snapshot = {
      checkedAt,
      connectivity: { status: 'online', detail: 'reached example in 10 ms' },
      services: [
        {
          id: 'github',
          name: 'GitHub',
          status: 'operational',
          summary: 'Operational: HTTP 200 in 80 ms',
          reasons: [],
          sources: [
            {
              key: 'github/0',
              type: 'http',
              label: 'github.com',
              family: 'probe',
              status: 'operational',
              detail: 'HTTP 200 in 80 ms',
              latencyMs: 80,
            },
            {
              key: 'github/1',
              type: 'statuspage',
              label: 'Official page',
              family: 'official',
              status: 'unknown',
              detail: 'the status page answered HTTP 503',
              lastGood: {
                status: 'operational',
                detail: 'All Systems Operational',
                checkedAt: checkedAt - 12 * 60_000,
              },
            },
          ],
        },
      ],
    };
    const lines = renderTable(snapshot, painter(false), { columns: 200, verbose: true })
      .trimEnd()
      .split('\n');
    expect(lines.slice(2)).toEqual([
      '               - probe "github.com" (http): operational: HTTP 200 in 80 ms, 80 ms',
      '               - official "Official page" (statuspage): unknown: the status page answered HTTP 503 (last good 12 min ago: operational)',
    ]);
  });
});

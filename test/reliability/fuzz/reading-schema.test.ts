import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../main/monitor/reading.js';
import { readingProblems } from './reading-schema.js';

/** The validator the fuzz property relies on: it must accept real readings and refuse broken ones. */

const official: Reading = {
  status: 'degraded',
  detail: 'incident "Slow pushes" (investigating)',
  checkedAt: Date.UTC(2024, 0, 1),
  reached: true,
  latencyMs: 12,
  httpStatus: 200,
  official: {
    provider: 'statuspage',
    components: [{ name: 'Git', status: 'degraded', rawStatus: 'degraded_performance' }],
    incidents: [
      {
        title: 'Slow pushes',
        status: 'investigating',
        impact: 'degraded',
        updates: [{ at: Date.UTC(2024, 0, 1), body: 'Looking into it' }],
      },
    ],
    maintenances: [],
  },
};

const crowd: Reading = {
  status: 'operational',
  detail: 'reports at the usual level',
  checkedAt: Date.UTC(2024, 0, 1),
  reached: true,
  crowd: {
    provider: 'reports',
    level: 'none',
    current: 3,
    usual: undefined,
    bucketMs: 900_000,
    series: [{ at: Date.UTC(2024, 0, 1), count: 3 }],
    regions: [{ region: 'US', count: 3, share: 1 }],
    samples: [{ title: 'down?', link: 'https://news.ycombinator.com/item?id=1' }],
  },
};

describe('readingProblems', () => {
  it.each([
    ['an official reading', official],
    ['a crowd reading', crowd],
  ])('accepts %s', (_name, reading) => {
    expect(readingProblems(reading)).toBeUndefined();
  });

  const broken: [string, unknown, RegExp][] = [
    ['a status off the ladder', { ...official, status: 'green' }, /^status:/],
    ['an empty detail', { ...official, detail: ' ' }, /empty detail/],
    ['a detail of two lines', { ...official, detail: 'a\nb' }, /more than one line/],
    ['a NaN latency', { ...official, latencyMs: Number.NaN }, /latencyMs/],
    ['a time no Date can hold', { ...official, checkedAt: 1e300 }, /checkedAt: a time no Date can hold/],
    ['an HTTP status that is none', { ...official, httpStatus: 42 }, /httpStatus/],
    ['a key the type does not have', { ...official, verdict: 'fine' }, /verdict/],
    [
      'a component status that is a function (TABLE["constructor"])',
      {
        ...official,
        official: {
          ...official.official,
          components: [{ name: 'x', status: Object, rawStatus: 'constructor' }],
        },
      },
      /official\.components\.0\.status/,
    ],
    [
      'green over an unrecognised component',
      {
        ...official,
        status: 'operational',
        official: {
          ...official.official,
          incidents: [],
          components: [{ name: 'x', status: 'unknown', rawStatus: 'odd' }],
        },
      },
      /operational although/,
    ],
    [
      'a share above 1',
      { ...crowd, crowd: { ...crowd.crowd, regions: [{ region: 'US', count: 3, share: 2 }] } },
      /share/,
    ],
    [
      'a javascript: sample link',
      { ...crowd, crowd: { ...crowd.crowd, samples: [{ title: 'x', link: 'javascript:alert(1)' }] } },
      /samples\.0\.link/,
    ],
    ['no reading at all', undefined, /\(reading\)/],
  ];
  it.each(broken)('refuses %s', (_name, reading, problem) => {
    expect(readingProblems(reading)).toMatch(problem);
  });
});

import { describe, expect, it } from 'vitest';
import type { Reading, SignalFamily } from '../../main/monitor/reading.js';
import type { Status } from '../../main/monitor/status.js';
import { aggregateProbes, decideVerdict, type VerdictSource } from '../../main/monitor/verdict.js';

const at = Date.UTC(2022, 11, 29, 7, 0);

function source(
  family: SignalFamily,
  label: string,
  status: Status | undefined,
  detail = status ?? '',
  reached = true,
): VerdictSource {
  const reading: Reading | undefined =
    status === undefined ? undefined : { status, detail, checkedAt: at, reached };
  return { family, label, reading };
}

const officialOk = source('official', 'Official page', 'operational', 'All Systems Operational');
const errorPage = source(
  'probe',
  'Desktop web',
  'major_outage',
  'HTTP 200 with error text "Something went wrong"',
);
const probeOk = source('probe', 'API', 'operational', 'HTTP 200 in 80 ms');

describe('verdict: fusing readings', () => {
  it.each<[string, VerdictSource[], Status]>([
    ['official operational alone', [officialOk], 'operational'],
    ['official stated as is', [source('official', 'Official page', 'partial_outage')], 'partial_outage'],
    [
      'a slow probe is degraded',
      [officialOk, source('probe', 'Web', 'degraded', 'HTTP 200 in 4000 ms')],
      'degraded',
    ],
    ['one of two probes failing is partial', [officialOk, errorPage, probeOk], 'partial_outage'],
    ['the only probe failing is all probes: major', [officialOk, errorPage], 'major_outage'],
    [
      'all probes failing is major',
      [errorPage, source('probe', 'API', 'major_outage', 'connection refused')],
      'major_outage',
    ],
    [
      'worst signal wins over a calmer probe aggregate',
      [source('official', 'Official page', 'major_outage'), probeOk],
      'major_outage',
    ],
    [
      'unreadable sources are ignored',
      [source('official', 'Official page', 'unknown', 'HTTP 503'), probeOk],
      'operational',
    ],
    [
      'nothing readable is unknown',
      [source('official', 'Official page', 'unknown', 'HTTP 503'), source('probe', 'W', 'unknown', 'x')],
      'unknown',
    ],
    ['no readings yet is unknown', [source('probe', 'W', undefined)], 'unknown'],
    [
      'maintenance explains failing probes',
      [source('official', 'Official page', 'maintenance', 'maintenance in progress'), errorPage],
      'maintenance',
    ],
    [
      'an unknown official value never becomes green',
      [source('official', 'Official page', 'unknown', 'unrecognised')],
      'unknown',
    ],
  ])('%s', (_name, sources, expected) => {
    expect(decideVerdict(sources, 'online').status).toBe(expected);
  });

  it('explains the December 2022 Twitter case: official green, error page with HTTP 200', () => {
    const verdict = decideVerdict([officialOk, errorPage], 'online');
    expect(verdict.status).toBe('major_outage');
    expect(verdict.summary).toBe(
      'Major outage: probe "Desktop web": HTTP 200 with error text "Something went wrong", while the official page says operational',
    );
    expect(verdict.reasons).toEqual([
      'probe "Desktop web": HTTP 200 with error text "Something went wrong"',
      'Official page: operational',
    ]);
  });

  it('names the pending confirmation in the reasons without counting it', () => {
    const pending = {
      ...probeOk,
      pending: { status: 'major_outage' as const, detail: 'connection refused', count: 1, needed: 3 },
    };
    const verdict = decideVerdict([officialOk, pending], 'online');
    expect(verdict.status).toBe('operational');
    expect(verdict.reasons).toContain('probe "API": HTTP 200 in 80 ms (failing, confirming 1 of 3)');
  });
});

describe('verdict: is it me?', () => {
  it('offline turns every failure into unknown and reports no outage', () => {
    const refused = source('probe', 'Web', 'major_outage', 'could not resolve host example.com', false);
    const unreadable = source('official', 'Official page', 'unknown', 'could not resolve host', false);
    const verdict = decideVerdict([refused, unreadable], 'offline');
    expect(verdict.status).toBe('unknown');
    expect(verdict.summary).toBe('Unknown: you appear to be offline');
    expect(verdict.reasons.every((reason) => reason.endsWith('you appear to be offline'))).toBe(true);
  });

  it('offline keeps a good reading good', () => {
    expect(decideVerdict([probeOk], 'offline').status).toBe('operational');
  });
});

describe('aggregateProbes', () => {
  it.each<[Status[], Status]>([
    [['operational'], 'operational'],
    [['operational', 'degraded'], 'degraded'],
    [['major_outage', 'operational'], 'partial_outage'],
    [['major_outage', 'major_outage'], 'major_outage'],
    [['major_outage', 'degraded'], 'partial_outage'],
  ])('%j → %s', (statuses, expected) => {
    expect(aggregateProbes(statuses)).toBe(expected);
  });
});

describe('verdict: crowd signals', () => {
  const crowdReading = (status: Status, detail: string): VerdictSource => ({
    family: 'crowd',
    label: 'Downdetector',
    reading: { status, detail, checkedAt: at, reached: true },
  });
  const possible = crowdReading(
    'degraded',
    'possible problem: reports 12× the usual level (360 against about 30 per 15 min), mostly US (80%)',
  );
  const likely = crowdReading(
    'partial_outage',
    'likely outage: reports 300× the usual level (15,000 against about 50 per 15 min), in US, JP, GB',
  );
  const quietCrowd = crowdReading(
    'operational',
    'reports at the usual level (28 against about 30 per 15 min)',
  );

  it.each<[string, VerdictSource[], Status]>([
    ['a possible spike alone is at most degraded', [officialOk, probeOk, possible], 'degraded'],
    ['a likely spike alone is a partial outage', [officialOk, probeOk, likely], 'partial_outage'],
    [
      'a spike with a failing probe is a major outage',
      [officialOk, errorPage, probeOk, possible],
      'major_outage',
    ],
    [
      'a spike with an official incident is a major outage',
      [source('official', 'Official page', 'degraded', 'incident "Elevated errors"'), possible],
      'major_outage',
    ],
    ['quiet reports change nothing', [officialOk, probeOk, quietCrowd], 'operational'],
    [
      'a spike during announced maintenance is the maintenance',
      [source('official', 'Official page', 'maintenance', 'maintenance in progress'), likely],
      'maintenance',
    ],
  ])('%s', (_name, sources, expected) => {
    expect(decideVerdict(sources, 'online').status).toBe(expected);
  });

  it('says the probe and the crowd together, and that the official page disagrees', () => {
    const verdict = decideVerdict([officialOk, errorPage, likely], 'online');
    expect(verdict.summary).toBe(
      'Major outage: probe "Desktop web": HTTP 200 with error text "Something went wrong"; Downdetector: likely outage: reports 300× the usual level (15,000 against about 50 per 15 min), in US, JP, GB, while the official page says operational',
    );
  });
});

describe('verdict: other networks', () => {
  const elsewhere = (finding: 'everyone' | 'just-here', detail: string): VerdictSource => ({
    family: 'crowd',
    label: 'Other networks',
    reading: {
      status: finding === 'everyone' ? 'major_outage' : 'operational',
      detail,
      checkedAt: at,
      reached: true,
      vantage: {
        provider: 'globalping',
        probes: 5,
        failing: finding === 'everyone' ? 4 : 0,
        finding,
        locations: [],
      },
    },
  });

  it('confirms an outage for everyone without counting as a signal of its own', () => {
    const verdict = decideVerdict(
      [officialOk, errorPage, elsewhere('everyone', '4 of 5 other networks also fail (US, DE, JP, BR)')],
      'online',
    );
    expect(verdict.status).toBe('major_outage');
    expect(verdict.summary).toMatch(/; 4 of 5 other networks also fail \(US, DE, JP, BR\)$/);
    expect(verdict.reasons).toContain('Other networks: 4 of 5 other networks also fail (US, DE, JP, BR)');
  });

  it('says when it is likely just here', () => {
    const verdict = decideVerdict(
      [errorPage, elsewhere('just-here', 'other networks reach it (5 of 5): likely your network or region')],
      'online',
    );
    expect(verdict.status).toBe('major_outage');
    expect(verdict.summary).toMatch(/; other networks reach it \(5 of 5\): likely your network or region$/);
  });

  it('is not enough on its own to call a status', () => {
    expect(decideVerdict([elsewhere('just-here', 'other networks reach it (5 of 5)')], 'online').status).toBe(
      'unknown',
    );
  });
});

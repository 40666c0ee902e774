import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../main/monitor/events.js';
import type { Status } from '../../main/monitor/status.js';
import { transitionKind } from '../../main/monitor/transitions.js';

describe('which verdict changes are events', () => {
  it.each<[Status | undefined, Status, EventKind | undefined]>([
    [undefined, 'operational', undefined],
    [undefined, 'major_outage', 'down'],
    [undefined, 'unknown', undefined],
    ['operational', 'operational', undefined],
    ['operational', 'degraded', 'down'],
    ['operational', 'major_outage', 'down'],
    ['operational', 'maintenance', undefined],
    ['operational', 'unknown', undefined],
    ['maintenance', 'partial_outage', 'down'],
    ['degraded', 'major_outage', 'worsened'],
    ['major_outage', 'partial_outage', 'improved'],
    ['major_outage', 'major_outage', undefined],
    ['major_outage', 'operational', 'recovered'],
    ['major_outage', 'maintenance', 'improved'],
    ['major_outage', 'unknown', undefined],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(transitionKind(from, to)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { trayState, worstStatus, type TraySnapshot, type TrayState } from '../../main/desktop/tray-state.js';
import type { Status } from '../../main/monitor/status.js';
import type { ConnectivityStatus } from '../../main/shared/snapshot.js';

function snapshot(statuses: Status[], connectivity: ConnectivityStatus = 'online'): TraySnapshot {
  return {
    connectivity: { status: connectivity },
    services: statuses.map((status, index) => ({ id: `s${index}`, name: `Service ${index}`, status })),
  };
}

describe('trayState', () => {
  it.each<[string, Status[], TrayState]>([
    ['all operational', ['operational', 'operational'], 'operational'],
    ['one degraded', ['operational', 'degraded'], 'degraded'],
    ['a partial outage is an outage', ['operational', 'partial_outage'], 'outage'],
    ['a major outage is an outage', ['major_outage', 'operational'], 'outage'],
    ['the worst disruption wins', ['degraded', 'major_outage', 'partial_outage'], 'outage'],
    ['maintenance beats operational', ['operational', 'maintenance'], 'maintenance'],
    ['unknown beats maintenance (never shown as fine)', ['maintenance', 'unknown'], 'unknown'],
    ['a disruption beats unknown (unknown is never an outage)', ['unknown', 'degraded'], 'degraded'],
    ['all unknown, as before the first round', ['unknown', 'unknown'], 'unknown'],
    ['no services is unknown: nothing is watched', [], 'unknown'],
  ])('%s', (_name, statuses, expected) => {
    expect(trayState(snapshot(statuses), { paused: false })).toBe(expected);
  });

  it.each<[string, ConnectivityStatus, boolean, Status[], TrayState]>([
    ['offline replaces the outages it causes', 'offline', false, ['major_outage', 'unknown'], 'offline'],
    ['offline with nothing configured', 'offline', false, [], 'offline'],
    ['connectivity not yet known reads the services', 'unknown', false, ['degraded'], 'degraded'],
    ['paused wins over an outage', 'online', true, ['major_outage'], 'paused'],
    ['paused wins over offline', 'offline', true, ['operational'], 'paused'],
  ])('%s', (_name, connectivity, paused, statuses, expected) => {
    expect(trayState(snapshot(statuses, connectivity), { paused })).toBe(expected);
  });

  it('takes a whole Snapshot', () => {
    const whole = {
      checkedAt: 0,
      connectivity: { status: 'online', detail: 'ok' },
      services: [{ id: 'a', name: 'A', status: 'degraded', summary: '', reasons: [], sources: [] }],
    } as const;
    expect(trayState(whole, { paused: false })).toBe('degraded');
  });
});

describe('worstStatus', () => {
  it.each<[Status[], Status | undefined]>([
    [[], undefined],
    [['operational'], 'operational'],
    [['operational', 'maintenance', 'unknown'], 'unknown'],
    [['partial_outage', 'degraded', 'major_outage', 'unknown'], 'major_outage'],
  ])('%j -> %s', (statuses, expected) => {
    expect(worstStatus(statuses)).toBe(expected);
  });
});

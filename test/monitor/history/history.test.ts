import { describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../../main/monitor/events.js';
import { EVENT_RETENTION_MS, History, MAX_EVENTS } from '../../../main/monitor/history/history.js';
import { HistoryFormatError } from '../../../main/monitor/history/history-schema.js';
import { bucketsIn } from '../../../main/monitor/history/series.js';
import { ManualClock } from '../../support/manual-clock.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function event(overrides: Partial<ServiceEvent> = {}): ServiceEvent {
  return {
    kind: 'down',
    serviceId: 'github',
    serviceName: 'GitHub',
    from: 'operational',
    to: 'major_outage',
    at: 0,
    summary: 'GitHub is down',
    reasons: ['Official page says major outage'],
    ...overrides,
  };
}

/** A history with a day of minute samples for two sources and one service, and a few events. */
async function populated(clock: ManualClock): Promise<History> {
  const history = new History({ clock });
  for (let minute = 0; minute < 24 * 60; minute++) {
    const down = minute % 100 === 0;
    history.recordSource('github/0', {
      at: clock.now(),
      status: down ? 'major_outage' : 'operational',
      latencyMs: 100 + (minute % 7),
    });
    history.recordSource('github/1', { at: clock.now(), status: 'unknown' });
    history.recordService('github', { at: clock.now(), status: down ? 'partial_outage' : 'operational' });
    if (down) history.recordEvent(event({ at: clock.now() }));
    await clock.advance(MINUTE);
  }
  return history;
}

describe('History', () => {
  it('keeps source and service series apart and answers uptime for each', async () => {
    const clock = new ManualClock();
    const history = await populated(clock);
    expect(history.uptime('source', 'github/0', DAY)).toBeCloseTo(1 - 15 / 1440, 10);
    expect(history.uptime('service', 'github', DAY)).toBeCloseTo(1 - 15 / 1440, 10);
    expect(history.uptime('source', 'github/1', DAY)).toBeUndefined();
    expect(history.uptime('service', 'github/0', DAY)).toBeUndefined();
    expect(history.uptime('source', 'nope', DAY)).toBeUndefined();
    expect(history.sourceSeries('github/0')).toBeDefined();
    expect(history.serviceSeries('github/0')).toBeUndefined();
    expect(history.stats()).toMatchObject({ sources: 2, services: 1, events: 15 });
  });

  it('tells listeners about every change and counts revisions', () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    let calls = 0;
    const unsubscribe = history.onChange(() => calls++);
    history.recordSource('a', { at: clock.now(), status: 'operational' });
    history.recordService('a', { at: clock.now(), status: 'operational' });
    history.recordEvent(event({ at: clock.now() }));
    history.forget({ sources: [], services: ['a'] });
    history.forget({ sources: [], services: ['a'] });
    unsubscribe();
    history.recordSource('a', { at: clock.now(), status: 'operational' });
    expect(calls).toBe(4);
    expect(history.revision).toBe(5);
  });

  it('forgets series no longer configured and keeps their events', () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    for (const key of ['a/0', 'a/1', 'b/0'])
      history.recordSource(key, { at: clock.now(), status: 'operational' });
    for (const key of ['a', 'b']) history.recordService(key, { at: clock.now(), status: 'operational' });
    history.recordEvent(event({ serviceId: 'b', at: clock.now() }));
    history.forget({ sources: ['a/0'], services: new Set(['a']) });
    expect(history.stats()).toMatchObject({ sources: 1, services: 1, events: 1 });
    expect(history.sourceSeries('a/0')).toBeDefined();
    expect(history.sourceSeries('b/0')).toBeUndefined();
    expect(history.serviceSeries('b')).toBeUndefined();
  });
});

describe('event log', () => {
  it('lists newest first, by service, up to a limit', () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    for (let index = 0; index < 6; index++) {
      history.recordEvent(event({ serviceId: index % 2 === 0 ? 'even' : 'odd', at: clock.now() + index }));
    }
    expect(history.events().map((e) => e.at - clock.now())).toEqual([5, 4, 3, 2, 1, 0]);
    expect(history.events({ serviceId: 'odd' }).map((e) => e.at - clock.now())).toEqual([5, 3, 1]);
    expect(history.events({ serviceId: 'even', limit: 2 }).map((e) => e.at - clock.now())).toEqual([4, 2]);
    expect(history.events({ limit: 0 })).toEqual([]);
  });

  it(`keeps the last ${MAX_EVENTS}`, () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    for (let index = 0; index < MAX_EVENTS + 500; index++)
      history.recordEvent(event({ at: clock.now(), summary: `${index}` }));
    const events = history.events();
    expect(events).toHaveLength(MAX_EVENTS);
    expect(events[0]!.summary).toBe(`${MAX_EVENTS + 499}`);
    expect(events.at(-1)!.summary).toBe('500');
  });

  it('keeps none older than 30 days, whatever order they came in', async () => {
    const clock = new ManualClock();
    const history = new History({ clock });
    history.recordEvent(event({ at: clock.now(), summary: 'old' }));
    await clock.advance(20 * DAY);
    history.recordEvent(event({ at: clock.now(), summary: 'recent' }));
    history.recordEvent(event({ at: clock.now() - 40 * DAY, summary: 'stale on arrival' }));
    expect(history.events().map((e) => e.summary)).toEqual(['recent', 'old']);
    await clock.advance(EVENT_RETENTION_MS - 20 * DAY + 1);
    expect(history.events().map((e) => e.summary)).toEqual(['recent']);
    expect(history.toJSON().events.map((e) => e.summary)).toEqual(['recent']);
  });
});

describe('JSON', () => {
  it('round-trips', async () => {
    const clock = new ManualClock();
    const history = await populated(clock);
    const json = JSON.parse(JSON.stringify(history.toJSON())) as unknown;
    const restored = History.fromJSON(json, { clock });
    expect(restored.toJSON()).toEqual(history.toJSON());
    expect(restored.uptime('service', 'github', DAY)).toBe(history.uptime('service', 'github', DAY));
    expect(restored.events()).toEqual(history.events());
  });

  it('drops what has aged out while the app was closed', async () => {
    const clock = new ManualClock();
    const json = JSON.parse(JSON.stringify((await populated(clock)).toJSON())) as unknown;
    clock.jumpTo(clock.now() + 2 * DAY);
    const restored = History.fromJSON(json, { clock });
    expect(bucketsIn(restored.serviceSeries('github')!, DAY, clock.now())).toEqual([]);
    expect(restored.uptime('service', 'github', 7 * DAY)).toBeCloseTo(1 - 15 / 1440, 2);
  });

  it('drops invalid series, buckets and events, keeps the rest, and keeps odd keys as data', () => {
    const clock = new ManualClock();
    const at = clock.now();
    // slotsAgo, up, down, unknown, worstCode, latencySumMs, latencyCount, latencyMaxMs
    const good = [0, 1, 0, 0, 0, 10, 1, 10];
    const file = JSON.parse(
      JSON.stringify({
        version: 1,
        savedAt: at,
        sources: {
          fine: {
            minute: [
              ...good,
              ...[1, 1, 0, 0, 99, 0, 0, 0],
              ...[2, 0, 0, 0, 0, 0, 0, 0],
              ...[3, 1, 0, 0, 0, 5, 2, 5],
            ],
            fiveMinutes: [],
            hour: [...good, 'nope', 1, 0, 0, 0, 0, 0, 0],
          },
          misaligned: { minute: [...good, 1] },
          broken: 'not a series',
          tierNotAList: { minute: 'nope' },
          // Renamed to "__proto__" in the text below: an object literal cannot hold that key.
          PROTO: { minute: good },
        },
        services: { svc: { hour: [...[0, 1, 0, 0, -1, 0, 0, 0], ...good] } },
        events: [event({ at }), { kind: 'exploded' }, { ...event({ at }), from: undefined }],
      }).replace('"PROTO"', '"__proto__"'),
    ) as unknown;
    const restored = History.fromJSON(file, { clock });
    expect(restored.stats()).toMatchObject({ sources: 3, services: 1, events: 2 });
    expect(bucketsIn(restored.sourceSeries('fine')!, 60_000, at)).toHaveLength(1);
    expect(bucketsIn(restored.sourceSeries('fine')!, 7 * DAY, at)).toHaveLength(1);
    expect(bucketsIn(restored.serviceSeries('svc')!, 7 * DAY, at)).toHaveLength(1);
    expect(bucketsIn(restored.sourceSeries('misaligned')!, 60_000, at)).toHaveLength(0);
    expect(restored.sourceSeries('__proto__')).toBeDefined();
    expect(Object.keys(restored.toJSON().sources)).toContain('__proto__');
    expect(restored.events().map((e) => e.from)).toEqual([undefined, 'operational']);
  });

  it.each([
    { name: 'not an object', value: 'history' },
    { name: 'an array', value: [] },
    { name: 'no version', value: { sources: {}, services: {}, events: [] } },
    { name: 'version 0', value: { version: 0, savedAt: 0, sources: {}, services: {}, events: [] } },
    { name: 'version 99', value: { version: 99, savedAt: 0, sources: {}, services: {}, events: [] } },
    {
      name: 'sources not an object',
      value: { version: 1, savedAt: 0, sources: [], services: {}, events: [] },
    },
    { name: 'events not a list', value: { version: 1, savedAt: 0, sources: {}, services: {}, events: {} } },
  ])('refuses a file that is $name', ({ value }) => {
    expect(() => History.fromJSON(value, { clock: new ManualClock() })).toThrow(HistoryFormatError);
  });

  it('says when a file is from a newer version', () => {
    expect(() =>
      History.fromJSON(
        { version: 99, savedAt: 0, sources: {}, services: {}, events: [] },
        { clock: new ManualClock() },
      ),
    ).toThrow(/format version 99 is newer/);
  });
});

import type { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFleet, type Fleet, type FleetOptions } from './support/fleet-engine.js';
import { startFleetSite, type FleetSite } from './support/fleet-site.js';

/**
 * Time going wrong around a running app: sleep and wake, the wall clock set forward and back,
 * daylight-saving changes. The real engine and notification centre (support/fleet-engine.ts) on
 * a ManualClock over loopback, with sleep and wake reaching them through the real power adapter
 * (main/app/power.ts) wired as main/index.ts wires it; Electron's powerMonitor is the one thing
 * mocked (DESIGN.md, "Habits"). What is counted: the requests the site receives (no storm of
 * checks, no stall) and the notifications delivered (none caused by time alone).
 */

const electron = vi.hoisted(() => ({ powerMonitor: undefined as unknown as EventEmitter }));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  electron.powerMonitor = new EventEmitter();
  return { powerMonitor: electron.powerMonitor, net: { isOnline: () => true } };
});

const { setupPower, DEFAULT_RESUME_GRACE_MS } = await import('../../main/app/power.js');

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const SERVICES = 5;

let site: FleetSite;
let running: { fleet: Fleet; disposePower: () => void } | undefined;

beforeEach(async () => {
  site = await startFleetSite();
  electron.powerMonitor.removeAllListeners();
});

afterEach(async () => {
  running?.disposePower();
  await running?.fleet.stop();
  running = undefined;
  await site.close();
});

/** The fleet with sleep and wake wired as in main/index.ts, step 7. */
function start(options: Partial<FleetOptions> = {}): Fleet {
  const fleet = startFleet(site, { services: SERVICES, ...options });
  const power = setupPower({
    clock: fleet.clock,
    monotonicNow: () => fleet.monotonicNow(),
    log: () => undefined,
    onSuspend: () => fleet.monitor.pause(),
    onResume: () => {
      fleet.alerts.woke();
      fleet.monitor.resume(0);
    },
  });
  running = { fleet, disposePower: () => power.dispose() };
  return fleet;
}

const titles = (fleet: Fleet): string[] => fleet.notifications.map(({ notification }) => notification.title);

/** The checks of service `index` from monotonic time `from` on. */
function checksSince(index: number, from: number): number[] {
  return site.checkTimes(index).filter((at) => at >= from);
}

/** The most checks of one service within any `windowMs` (a burst shows here). */
function mostChecksWithin(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (const [start, first] of times.entries()) {
    const inWindow = times.slice(start).filter((at) => at < first + windowMs).length;
    most = Math.max(most, inWindow);
  }
  return most;
}

/**
 * Running and settled, with one service down and already told: time events must neither repeat
 * that news nor invent a recovery.
 */
async function settledWithOneOutage(options: Partial<FleetOptions> = {}): Promise<Fleet> {
  const fleet = start(options);
  await fleet.runFor(3 * MINUTE);
  site.answer = (index) => (index === 0 ? 'down' : 'up');
  await fleet.runFor(2 * MINUTE);
  expect(titles(fleet)).toEqual(['Service 0: major outage']);
  return fleet;
}

const sleepFor = (fleet: Fleet, ms: number): void => {
  electron.powerMonitor.emit('suspend');
  fleet.shiftWallClock(ms);
  electron.powerMonitor.emit('resume');
};

describe('the wall clock moves under a running app', () => {
  it.each([
    {
      name: 'set 3 h ahead (or a VM resumed without telling): one round, no burst of missed checks',
      act: (fleet: Fleet) => fleet.shiftWallClock(3 * HOUR),
      rounds: 1,
    },
    {
      name: 'set 3 h back: checks go on at their pace, no stall and no round',
      act: (fleet: Fleet) => fleet.shiftWallClock(-3 * HOUR),
      rounds: 0,
    },
    {
      name: 'the machine sleeps 8 h: one round after the grace period',
      act: (fleet: Fleet) => sleepFor(fleet, 8 * HOUR),
      rounds: 1,
    },
  ])('$name', async ({ act, rounds }) => {
    const fleet = await settledWithOneOutage();
    const roundsBefore = fleet.rounds();
    const eventsBefore = fleet.events.length;
    const from = fleet.monotonicNow();

    act(fleet);
    await fleet.runFor(10 * MINUTE);

    for (let index = 0; index < SERVICES; index++) {
      const checks = checksSince(index, from);
      // Ten minutes at one check a minute, plus at most the round after a wake: no stall
      // (a clock set back used to plan the next check 3 h out) and nothing made up.
      expect(checks.length, `service ${index}`).toBeGreaterThanOrEqual(9);
      expect(checks.length, `service ${index}`).toBeLessThanOrEqual(11);
      // No burst: at most the regular check and the wake round close together.
      expect(mostChecksWithin(checks, 30 * SECOND), `service ${index}`).toBeLessThanOrEqual(2);
    }
    expect(fleet.rounds() - roundsBefore).toBe(rounds);
    // Nothing changed but the time: no event, and no notification beyond the one before.
    expect(fleet.events.length).toBe(eventsBefore);
    expect(titles(fleet)).toEqual(['Service 0: major outage']);
  });
});

describe('sleep and wake', () => {
  it('checks nothing during the grace period, then every source exactly once', async () => {
    const fleet = await settledWithOneOutage();
    sleepFor(fleet, 8 * HOUR);
    const woke = fleet.monotonicNow();

    await fleet.runFor(DEFAULT_RESUME_GRACE_MS - 1);
    for (let index = 0; index < SERVICES; index++) expect(checksSince(index, woke)).toEqual([]);
    // The round is spread over at most 10 s (the scheduler's stagger), each source once.
    await fleet.runFor(15 * SECOND);
    for (let index = 0; index < SERVICES; index++) expect(checksSince(index, woke)).toHaveLength(1);
    expect(titles(fleet)).toEqual(['Service 0: major outage']);
  });

  it.each([
    {
      name: 'believed at the first reading (as a status page is): told once the round is read',
      options: { failureThreshold: 1, successThreshold: 1 },
    },
    {
      name: 'confirmed by re-tests after the round: told with them, in the same notification',
      options: {},
    },
  ])('an outage that ends and one that begins during the sleep, $name', async ({ options }) => {
    const fleet = await settledWithOneOutage(options);
    electron.powerMonitor.emit('suspend');
    fleet.shiftWallClock(8 * HOUR);
    site.answer = (index) => (index === 1 ? 'down' : 'up');
    electron.powerMonitor.emit('resume');
    const woke = fleet.clock.now();
    await fleet.runFor(10 * MINUTE);

    expect(fleet.monitor.snapshot().services.map((service) => service.status)).toEqual([
      'operational',
      'major_outage',
      'operational',
      'operational',
      'operational',
    ]);
    // One notification for both, judged against what the person was told before the sleep;
    // nothing told twice, nothing more in the ten minutes after.
    expect(titles(fleet)).toEqual([
      'Service 0: major outage',
      '1 disrupted, 1 recovered: Service 1, Service 0',
    ]);
    // Within a minute of the wake: the grace period, the round, its re-tests, the hold after them.
    expect((fleet.notifications.at(-1)?.at ?? Infinity) - woke).toBeLessThanOrEqual(MINUTE);
  });

  it('stays quiet when the network comes back only after the grace period', async () => {
    const fleet = await settledWithOneOutage();
    const roundsBefore = fleet.rounds();
    electron.powerMonitor.emit('suspend');
    fleet.shiftWallClock(8 * HOUR);
    site.online = false;
    electron.powerMonitor.emit('resume');
    const woke = fleet.monotonicNow();

    // The round after the grace finds no network: one offline state, not five outages, and
    // not even the offline notice (the round after a wake is quiet).
    await fleet.runFor(20 * SECOND);
    expect(fleet.monitor.snapshot().connectivity.status).toBe('offline');
    site.online = true;
    await fleet.runFor(5 * MINUTE);

    expect(fleet.monitor.snapshot().connectivity.status).toBe('online');
    expect(fleet.monitor.snapshot().services.map((service) => service.status)).toEqual([
      'major_outage',
      'operational',
      'operational',
      'operational',
      'operational',
    ]);
    expect(fleet.rounds() - roundsBefore).toBe(1);
    expect(titles(fleet)).toEqual(['Service 0: major outage']);
    // The way back is noticed and checked, without hammering: the round, the recheck when the
    // network returned, then the regular pace.
    for (let index = 0; index < SERVICES; index++) {
      expect(checksSince(index, woke).length).toBeLessThanOrEqual(8);
      expect(mostChecksWithin(checksSince(index, woke), 30 * SECOND)).toBeLessThanOrEqual(2);
    }
  });
});

/**
 * Daylight saving changes the local clock, not time: the engine runs on epoch milliseconds and
 * only quiet hours read the local clock (in the person's zone, pinned here). Quiet hours are
 * 22:00-07:00 in Berlin, around both changes of 2026. A service goes down and recovers inside
 * them; another goes down in their last half hour (which the old offset would put outside them
 * in autumn); a third goes down just after they end (which the old offset would put inside them
 * in spring). Only the third notifies, once; and checks keep their pace through the change.
 */
describe('a daylight-saving change during quiet hours', () => {
  const BERLIN = 'Europe/Berlin';

  it.each([
    {
      name: 'spring forward (02:00 CET becomes 03:00 CEST)',
      // 21:00 CET on 28 March.
      start: Date.UTC(2026, 2, 28, 20, 0),
      // Down at 01:30 CET, recovered at 03:30 CEST.
      flap: [Date.UTC(2026, 2, 29, 0, 30), Date.UTC(2026, 2, 29, 1, 30)],
      // 07:00 CEST.
      quietEnds: Date.UTC(2026, 2, 29, 5, 0),
    },
    {
      name: 'fall back (03:00 CEST becomes 02:00 CET, so 02:00-03:00 comes twice)',
      // 21:00 CEST on 24 October.
      start: Date.UTC(2026, 9, 24, 19, 0),
      // Down in the first 02:30 (CEST), recovered in the second (CET).
      flap: [Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30)],
      // 07:00 CET.
      quietEnds: Date.UTC(2026, 9, 25, 6, 0),
    },
  ])(
    '$name: nothing inside them, the first change after them once',
    async ({ start: startAt, flap, quietEnds }) => {
      const interval = 5 * MINUTE;
      const fleet = start({
        start: startAt,
        intervalSeconds: interval / SECOND,
        timeZone: BERLIN,
        alerts: { quietHours: { start: '22:00', end: '07:00' } },
      });
      const [downAt = 0, upAt = 0] = flap;
      const until = (epoch: number): Promise<void> => fleet.runFor(epoch - fleet.clock.now());
      const downOnly =
        (down: number) =>
        (index: number): 'up' | 'down' =>
          index === down ? 'down' : 'up';
      const beganAt = fleet.monotonicNow();

      await until(downAt);
      site.answer = downOnly(1);
      await until(upAt);
      site.answer = () => 'up';
      await until(quietEnds - 30 * MINUTE);
      site.answer = downOnly(2);
      await until(quietEnds);
      expect(titles(fleet)).toEqual([]);

      site.answer = downOnly(3);
      await until(quietEnds + 20 * MINUTE);
      expect(titles(fleet)).toEqual(['Service 3: major outage']);
      // The flap did happen (confirmed both ways); it was only kept quiet.
      expect(fleet.events.filter((event) => event.serviceId === 's1').map((event) => event.kind)).toEqual([
        'down',
        'recovered',
      ]);
      expect(fleet.events.some((event) => event.serviceId === 's2' && event.kind === 'down')).toBe(true);

      // Checks follow elapsed time through the change: one per interval, never a doubled or
      // skipped hour.
      const expected = (fleet.monotonicNow() - beganAt) / interval;
      const steady = checksSince(4, beganAt);
      expect(steady.length).toBeGreaterThanOrEqual(Math.floor(expected) - 1);
      expect(steady.length).toBeLessThanOrEqual(Math.ceil(expected) + 1);
      expect(mostChecksWithin(steady, HOUR)).toBeLessThanOrEqual(HOUR / interval + 1);
    },
  );
});

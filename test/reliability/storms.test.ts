import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from './support/fleet-engine.js';
import { startFleetSite, type Answer, type FleetSite } from './support/fleet-site.js';
import { seededRandom } from '../support/report-series.js';

/**
 * Many things at once: 200 services failing together, sources that flap, the network going
 * away. The real engine and notification centre (support/fleet-engine.ts) on a ManualClock
 * over loopback; what is counted is what the person would see (notifications) and what the
 * services would see (requests).
 *
 * The scheduler spreads a round of first checks over 10 s and jitters each later check by ±10 %
 * of its interval, so with 60 s intervals every round of checks falls within [-6 s, +16 s] of
 * each minute after start, and the minute's remaining 38 s are quiet.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const FLEET = 200;

let site: FleetSite;
let fleet: Fleet | undefined;

beforeEach(async () => {
  site = await startFleetSite();
});

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  await site.close();
});

async function settled(services = FLEET): Promise<Fleet> {
  fleet = startFleet(site, { services });
  await fleet.runFor(5 * MINUTE);
  expect(fleet.rounds()).toBe(1);
  return fleet;
}

const titles = (running: Fleet): string[] =>
  running.notifications.map(({ notification }) => notification.title);

/** How many notifications named each service. */
function namings(running: Fleet): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { notification } of running.notifications) {
    for (const id of notification.serviceIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The phase within the minute (0 to 60 s) of each service's latest check, as a run that starts
 * right after the longest quiet stretch and goes round the minute once: the round of checks in
 * the order they happen. Confirming a change re-anchors a source's minute, so this is read from
 * what the site saw rather than assumed.
 */
function roundOfChecks(services: number): number[] {
  const phases = Array.from(
    { length: services },
    (_, index) => (((site.checkTimes(index).at(-1) ?? 0) % MINUTE) + MINUTE) % MINUTE,
  );
  phases.sort((a, b) => a - b);
  let quietEnds = 0;
  let longest = -1;
  for (const [index, phase] of phases.entries()) {
    const next = phases[index + 1] ?? (phases[0] ?? 0) + MINUTE;
    if (next - phase > longest) {
      longest = next - phase;
      quietEnds = (index + 1) % phases.length;
    }
  }
  return [...phases.slice(quietEnds), ...phases.slice(0, quietEnds).map((phase) => phase + MINUTE)];
}

/**
 * How long from now until a moment of the round: 'quiet' is the middle of the longest stretch
 * without checks, 'busy' the middle of the round, and a number from 0 to 1 a point between the
 * round's third check and its third-last (see the test for why those).
 */
function waitUntil(running: Fleet, services: number, moment: 'quiet' | 'busy' | number): number {
  const round = roundOfChecks(services);
  const first = round[0] ?? 0;
  const last = round.at(-1) ?? 0;
  let target: number;
  if (moment === 'quiet') target = last + (first + MINUTE - last) / 2;
  else if (moment === 'busy') target = (first + last) / 2;
  else {
    const from = round[2] ?? first;
    target = from + moment * ((round.at(-3) ?? last) - from);
  }
  return (((target - running.monotonicNow()) % MINUTE) + MINUTE) % MINUTE;
}

/** Three points of a round, drawn once from a fixed seed so a failure replays. */
const randomPoints = ((random: () => number) => [random(), random(), random()])(seededRandom(8));

describe('200 services going down together', () => {
  it.each([
    {
      name: 'between two rounds of checks: one notification for all of them, then one recovery',
      moment: 'quiet' as const,
    },
    {
      // The checks that already ran this round see it a minute later than the others, so the
      // failures are confirmed in two bursts up to about 40 s apart; a window holding a storm
      // stays open 75 s (main/monitor/alerts/window.ts), so both are one notification.
      name: 'in the middle of a round: one notification for both rounds of checks that found it',
      moment: 'busy' as const,
    },
    // Anywhere in the round with at least three services on each side of the moment the outage
    // begins. Closer to an end, the one or two services alone on their side are told as a lone
    // outage would be, since nothing yet says more will follow (window.ts, STORM_HOLD_MS).
    ...randomPoints.map((point) => ({
      name: `at a random point inside a round (${Math.round(point * 100)}% of the way through): one notification`,
      moment: point,
    })),
  ])('$name', async ({ moment }) => {
    const running = await settled();
    await running.runFor(waitUntil(running, FLEET, moment));
    site.answer = () => 'down';
    await running.runFor(3 * MINUTE);

    expect(titles(running)).toEqual([expect.stringMatching(/^200 services disrupted: Service \d+, /)]);
    // Every service is named, each exactly once, and all 200 outages were confirmed.
    expect(namings(running).size).toBe(FLEET);
    expect([...namings(running).values()].every((count) => count === 1)).toBe(true);
    const downs = running.events.filter((event) => event.kind === 'down');
    expect(downs).toHaveLength(FLEET);
    expect(running.notifications.every(({ notification }) => notification.urgency === 'critical')).toBe(true);
    // Held, but not for long: told within 90 s of the first confirmed failure.
    const firstDown = Math.min(...downs.map((event) => event.at));
    expect((running.notifications[0]?.at ?? Infinity) - firstDown).toBeLessThanOrEqual(90 * SECOND);

    // And back together, between two rounds: one recovery notice for all.
    const told = running.notifications.length;
    await running.runFor(waitUntil(running, FLEET, 'quiet'));
    site.answer = () => 'up';
    await running.runFor(3 * MINUTE);
    expect(titles(running).slice(told)).toEqual([
      expect.stringMatching(/^200 services recovered: Service \d+, /),
    ]);
  });
});

describe('flapping sources', () => {
  /** Per service, the answers its probe gets in turn, round and round. */
  function cycling(pattern: readonly Answer[]): (index: number) => Answer {
    const turns = new Map<number, number>();
    return (index) => {
      const turn = turns.get(index) ?? 0;
      turns.set(index, turn + 1);
      return pattern[turn % pattern.length] ?? 'up';
    };
  }

  it('alternating good and bad readings never confirm a change: no event, no notification, no storm of re-tests', async () => {
    const services = 20;
    const running = await settled(services);
    const from = running.monotonicNow();
    site.answer = cycling(['down', 'up']);
    await running.runFor(30 * MINUTE);

    expect(running.events).toEqual([]);
    expect(titles(running)).toEqual([]);
    for (let index = 0; index < services; index++) {
      // Each bad reading is re-tested once, 10 s later; then the regular pace: at most two
      // checks a minute, never a loop of re-tests.
      const checks = site.checkTimes(index).filter((at) => at >= from);
      expect(checks.length).toBeLessThanOrEqual(2 * 30 + 1);
      expect(checks.length).toBeGreaterThanOrEqual(30);
    }
  });

  it('flapping just slowly enough to be confirmed each way: told in full until it flaps, then once that it flaps and once how it ended', async () => {
    const services = 20;
    const running = await settled(services);
    // Three bad readings confirm a failure (re-tested 10 s apart), two good ones a recovery.
    site.answer = cycling(['down', 'down', 'down', 'up', 'up']);
    await running.runFor(30 * MINUTE);

    const flapped = running.notifications.length;
    const told = (id: string, from = 0): number[] =>
      running.notifications
        .slice(from)
        .filter(({ notification }) => notification.serviceIds.includes(id))
        .map(({ at }) => at);
    for (let index = 0; index < services; index++) {
      const id = `s${index}`;
      const confirmed = running.events.filter((event) => event.serviceId === id).length;
      // About 24 confirmed changes each in 30 minutes...
      expect(confirmed).toBeGreaterThanOrEqual(20);
      // ...told at most as down, recovered, down, then "flapping" (main/monitor/alerts/flapping.ts:
      // 4 changes in 15 minutes), and then nothing for the rest of the half hour.
      const times = told(id);
      expect(times.length, id).toBeGreaterThanOrEqual(1);
      expect(times.length, id).toBeLessThanOrEqual(4);
      expect(times.at(-1) ?? Infinity, id).toBeLessThan(running.clock.now() - 15 * MINUTE);
      // At most once per confirmation: a change needs three readings 10 s apart to be believed.
      for (const [turn, at] of times.entries()) {
        if (turn > 0) expect(at - (times[turn - 1] ?? 0)).toBeGreaterThanOrEqual(20 * SECOND);
      }
    }
    expect(titles(running).filter((title) => /flapping/.test(title)).length).toBeGreaterThanOrEqual(1);
    // Services flapping at the same time share their notifications: several per notification.
    const named = running.notifications.reduce(
      (sum, { notification }) => sum + notification.serviceIds.length,
      0,
    );
    expect(named / running.notifications.length).toBeGreaterThanOrEqual(3);

    // It stops, every service up for good: each is told once more, after 10 minutes of calm,
    // that it recovered, in a few notifications shared between them.
    site.answer = () => 'up';
    await running.runFor(30 * MINUTE);
    const ended = titles(running).slice(flapped);
    expect(ended.length).toBeGreaterThanOrEqual(1);
    expect(ended.length).toBeLessThanOrEqual(4);
    for (const title of ended) expect(title).toMatch(/recovered/);
    for (let index = 0; index < services; index++) expect(told(`s${index}`, flapped)).toHaveLength(1);
    const calmFrom = Math.max(...running.events.map((event) => event.at));
    for (const { at } of running.notifications.slice(flapped))
      expect(at - calmFrom).toBeLessThanOrEqual(10 * MINUTE + 90 * SECOND);
  });
});

describe('going offline', () => {
  it('is one offline state and one notice, not 200 outages, and coming back is quiet', async () => {
    const running = await settled();
    const from = running.monotonicNow();
    const connectivityBefore = site.connectivityHits();
    site.online = false;
    await running.runFor(5 * MINUTE);

    const snapshot = running.monitor.snapshot();
    expect(snapshot.connectivity.status).toBe('offline');
    expect(snapshot.services.filter((service) => service.status === 'major_outage')).toEqual([]);
    expect(running.events).toEqual([]);
    expect(titles(running)).toEqual(['You appear to be offline']);
    expect(running.notifications[0]?.notification.serviceIds).toEqual([]);
    // "Is it me?" is asked once for many failing readings, and every 15 s while offline.
    expect(site.connectivityHits() - connectivityBefore).toBeLessThanOrEqual(
      (2 * (5 * MINUTE)) / (15 * SECOND),
    );
    // Checks go on at their pace: unknown readings are not re-tested.
    for (let index = 0; index < FLEET; index += 37) {
      expect(site.checkTimes(index).filter((at) => at >= from).length).toBeLessThanOrEqual(6);
    }

    site.online = true;
    await running.runFor(3 * MINUTE);
    expect(running.monitor.snapshot().connectivity.status).toBe('online');
    expect(running.monitor.snapshot().services.every((service) => service.status === 'operational')).toBe(
      true,
    );
    expect(running.events).toEqual([]);
    expect(titles(running)).toEqual(['You appear to be offline']);
  });
});

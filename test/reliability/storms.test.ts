import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from './support/fleet-engine.js';
import { startFleetSite, type Answer, type FleetSite } from './support/fleet-site.js';

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
 * How long from now until the middle of the longest quiet stretch between the fleet's checks
 * ('quiet'), or the middle of the busy one ('busy'), judged by each service's latest check and
 * the 60 s interval. Confirming a change re-anchors a source's minute, so this is read from
 * what the site saw rather than assumed.
 */
function waitUntil(running: Fleet, services: number, moment: 'quiet' | 'busy'): number {
  const phases = Array.from(
    { length: services },
    (_, index) => (site.checkTimes(index).at(-1) ?? 0) % MINUTE,
  );
  phases.sort((a, b) => a - b);
  let gap = { start: 0, length: -1 };
  for (const [index, phase] of phases.entries()) {
    const next = phases[index + 1] ?? (phases[0] ?? 0) + MINUTE;
    if (next - phase > gap.length) gap = { start: phase, length: next - phase };
  }
  const target =
    moment === 'quiet' ? gap.start + gap.length / 2 : gap.start + gap.length + (MINUTE - gap.length) / 2;
  return (((target - running.monotonicNow()) % MINUTE) + MINUTE) % MINUTE;
}

describe('200 services going down together', () => {
  it.each([
    {
      name: 'between two rounds of checks: one notification for all of them, then one recovery',
      moment: 'quiet' as const,
      notifications: 1,
    },
    {
      // The checks that already ran this round see it a minute later than the others, so the
      // failures are confirmed in two bursts a minute apart: one notification for each burst,
      // never one per service. Making this one would need every probe checked again as soon
      // as several fail at once (a change to the engine, not to the notifications).
      name: 'in the middle of a round: one notification per round of checks that found it',
      moment: 'busy' as const,
      notifications: 2,
    },
  ])('$name', async ({ moment, notifications }) => {
    const running = await settled();
    await running.runFor(waitUntil(running, FLEET, moment));
    site.answer = () => 'down';
    await running.runFor(3 * MINUTE);

    expect(titles(running)).toHaveLength(notifications);
    for (const title of titles(running)) expect(title).toMatch(/^\d+ services disrupted: Service \d+, /);
    // Every service is named, each exactly once, and all 200 outages were confirmed.
    expect(namings(running).size).toBe(FLEET);
    expect([...namings(running).values()].every((count) => count === 1)).toBe(true);
    expect(running.events.filter((event) => event.kind === 'down')).toHaveLength(FLEET);
    expect(running.notifications.every(({ notification }) => notification.urgency === 'critical')).toBe(true);

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

  it('flapping just slowly enough to be confirmed each way notifies at most once per confirmed change, coalesced across services', async () => {
    const services = 20;
    const running = await settled(services);
    // Three bad readings confirm a failure (re-tested 10 s apart), two good ones a recovery.
    site.answer = cycling(['down', 'down', 'down', 'up', 'up']);
    await running.runFor(30 * MINUTE);

    const changes = running.events.length;
    expect(changes).toBeGreaterThan(services);
    // Never more notifications than confirmed changes, and services flapping at the same time
    // share them: on average several services per notification.
    expect(running.notifications.length).toBeLessThanOrEqual(changes);
    const named = running.notifications.reduce(
      (sum, { notification }) => sum + notification.serviceIds.length,
      0,
    );
    expect(named / running.notifications.length).toBeGreaterThanOrEqual(3);
    for (let index = 0; index < services; index++) {
      const id = `s${index}`;
      const told = running.notifications
        .filter(({ notification }) => notification.serviceIds.includes(id))
        .map(({ at }) => at);
      const confirmed = running.events.filter((event) => event.serviceId === id).length;
      expect(told.length).toBeLessThanOrEqual(confirmed);
      // At most once per confirmation: a change needs three readings 10 s apart to be believed.
      for (const [turn, at] of told.entries()) {
        if (turn > 0) expect(at - (told[turn - 1] ?? 0)).toBeGreaterThanOrEqual(20 * SECOND);
      }
    }
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

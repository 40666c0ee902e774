import { describe, expect, it } from 'vitest';
import { alertSettingsSchema, type AlertSettings } from '../../../main/monitor/alerts/alert-settings.js';
import type { AlertNotification } from '../../../main/monitor/alerts/coalesce.js';
import {
  decide,
  initialAlertState,
  nextTickAt,
  type AlertInput,
  type AlertState,
} from '../../../main/monitor/alerts/policy.js';
import { statusLabel, type Status } from '../../../main/monitor/status.js';
import { transitionKind } from '../../../main/monitor/transitions.js';
import type { z } from 'zod';

/** Noon UTC on an ordinary day: outside any quiet hours used below unless a row says so. */
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const NAMES: Record<string, string> = { github: 'GitHub', slack: 'Slack', npm: 'npm' };

/** A verdict change, with its kind from the real transition table. */
function change(serviceId: string, from: Status | undefined, to: Status): AlertInput {
  const kind = transitionKind(from, to);
  if (!kind) throw new Error(`${String(from)} → ${to} is not an event`);
  const serviceName = Object.hasOwn(NAMES, serviceId) ? (NAMES[serviceId] ?? serviceId) : serviceId;
  return {
    kind: 'event',
    event: {
      kind,
      serviceId,
      serviceName,
      from,
      to,
      at: T0,
      summary: `${statusLabel(to)}: from the feed`,
      reasons: [],
    },
  };
}

const op = 'operational';
const deg = 'degraded';
const partial = 'partial_outage';
const major = 'major_outage';
const round: AlertInput = { kind: 'round-complete' };
const tick: AlertInput = { kind: 'tick' };
const woke: AlertInput = { kind: 'woke' };
const offline: AlertInput = { kind: 'connectivity', status: 'offline' };
const online: AlertInput = { kind: 'connectivity', status: 'online' };
const unknown: AlertInput = { kind: 'connectivity', status: 'unknown' };

type SettingsInput = z.input<typeof alertSettingsSchema>;
/** A step is an input to the policy, or the person changing their settings at that moment. */
type Step = readonly [seconds: number, input: AlertInput | { readonly settings: SettingsInput }];

function play(steps: readonly Step[], settings: SettingsInput = {}, timeZone = 'UTC') {
  let parsed: AlertSettings = alertSettingsSchema.parse(settings);
  let state: AlertState = initialAlertState();
  const out: { at: number; notification: AlertNotification }[] = [];
  for (const [seconds, input] of steps) {
    if ('settings' in input) {
      parsed = alertSettingsSchema.parse(input.settings);
      continue;
    }
    const decision = decide(state, input, parsed, T0 + seconds * 1000, timeZone);
    state = decision.state;
    for (const notification of decision.notifications) out.push({ at: seconds, notification });
  }
  return { out, state };
}

/** The notifications' titles with the second they came out at. */
function titles(steps: readonly Step[], settings: SettingsInput = {}, timeZone = 'UTC'): [number, string][] {
  return play(steps, settings, timeZone).out.map(({ at, notification }) => [at, notification.title]);
}

/** Seconds since T0 for a UTC wall-clock time on T0's day (or the next, past 24:00). */
function utcAt(hours: number, minutes = 0): number {
  return (Date.UTC(2026, 0, 15, hours, minutes) - T0) / 1000;
}

describe('notify only on news: start, wake and recovery', () => {
  it.each<[string, Step[], [number, string][]]>([
    [
      'nothing before the first round completes',
      [
        [0, change('github', op, major)],
        [1, round],
        [10, tick],
      ],
      [],
    ],
    [
      'a disruption after the first round notifies when the window closes',
      [
        [0, round],
        [1, change('github', op, major)],
        [3, tick],
        [6, tick],
      ],
      [[6, 'GitHub: major outage']],
    ],
    [
      'a service already down at start recovers silently',
      [
        [0, change('github', op, major)],
        [1, round],
        [10, change('github', major, op)],
        [20, tick],
      ],
      [],
    ],
    [
      'a notified disruption gets its recovery',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [10, change('github', major, op)],
        [16, tick],
      ],
      [
        [7, 'GitHub: major outage'],
        [16, 'GitHub recovered'],
      ],
    ],
    [
      'a service already down at start that worsens is news, and so is its recovery then',
      [
        [0, change('github', op, deg)],
        [1, round],
        [2, change('github', deg, major)],
        [8, tick],
        [10, change('github', major, op)],
        [16, tick],
      ],
      [
        [8, 'GitHub: major outage'],
        [16, 'GitHub recovered'],
      ],
    ],
    [
      'a service already down at start that eases stays silent, through its recovery',
      [
        [0, change('github', op, major)],
        [1, round],
        [2, change('github', major, deg)],
        [8, tick],
        [10, change('github', deg, op)],
        [16, tick],
      ],
      [],
    ],
    [
      'a first verdict is how things were, not a change',
      [
        [0, round],
        [1, change('github', undefined, major)],
        [10, tick],
        [11, change('github', major, op)],
        [20, tick],
      ],
      [],
    ],
    [
      'a wake during the first round after start keeps that round quiet',
      [
        [0, change('github', op, major)],
        [1, woke],
        [2, change('slack', op, major)],
        [3, round],
        [40, tick],
      ],
      [],
    ],
    [
      'worse and better follow a notified disruption',
      [
        [0, round],
        [1, change('github', op, deg)],
        [7, tick],
        [10, change('github', deg, major)],
        [16, tick],
        [20, change('github', major, partial)],
        [26, tick],
        [30, change('github', partial, 'maintenance')],
        [36, tick],
      ],
      [
        [7, 'GitHub: degraded'],
        [16, 'GitHub got worse: major outage'],
        [26, 'GitHub improved: partial outage'],
        [36, 'GitHub improved: maintenance'],
      ],
    ],
  ])('%s', (_name, steps, expected) => {
    expect(titles(steps)).toEqual(expected);
  });
});

describe('after a wake: what changed while asleep, against what the person was told', () => {
  it.each<[string, Step[], [number, string][], SettingsInput?]>([
    [
      'a told outage that ended during the sleep is a recovery, once the round after the wake is read',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [100, woke],
        [105, change('github', major, op)],
        [110, tick],
        [111, round],
        // Held 25 s after the round for what its re-tests confirm (window.ts WAKE_HOLD_MS).
        [130, tick],
        [136, tick],
      ],
      [
        [7, 'GitHub: major outage'],
        [136, 'GitHub recovered'],
      ],
    ],
    [
      'what the round finds at once and what its re-tests confirm later are one notification, judged against what was told',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [100, woke],
        // A status page is believed at once; a probe is confirmed by re-tests after the round.
        [101, change('slack', op, major)],
        [102, change('github', major, partial)],
        [111, round],
        [125, change('npm', op, partial)],
        [136, tick],
        [150, change('github', partial, op)],
        [156, tick],
      ],
      [
        [7, 'GitHub: major outage'],
        [136, '2 disrupted, 1 improved: Slack, npm, GitHub'],
        [156, 'GitHub recovered'],
      ],
    ],
    [
      'what the person was told before the sleep is not told again, however the round gets there',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [100, woke],
        [101, change('github', major, op)],
        [102, change('github', op, major)],
        [111, round],
        [200, tick],
      ],
      [[7, 'GitHub: major outage']],
    ],
    [
      'changes waiting in the window at the sleep are held, and told as the round after it finds them',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, change('slack', op, major)],
        [3, woke],
        [4, change('slack', major, op)],
        [100, tick],
        [111, round],
        [136, tick],
      ],
      [[136, 'GitHub: major outage']],
    ],
    [
      'a storm found by the round after a wake is one notification, without the storm hold',
      [
        [0, round],
        [100, woke],
        ...['github', 'slack', 'npm', 's3'].map((id, index): Step => [101 + index, change(id, op, major)]),
        [111, round],
        [136, tick],
      ],
      [[136, '4 services disrupted: GitHub, Slack, npm, s3']],
    ],
    [
      'a snooze still silences what the round after a wake finds',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [8, { settings: { snoozedUntil: T0 + 3_600_000 } }],
        [100, woke],
        [101, change('github', major, op)],
        [102, change('slack', op, major)],
        [111, round],
        [200, tick],
      ],
      [[7, 'GitHub: major outage']],
    ],
    [
      'going offline in the round after a wake drops what it found: no storm when the network returns',
      [
        [0, online],
        [1, round],
        [2, change('github', op, major)],
        [8, tick],
        [100, woke],
        [101, change('github', major, op)],
        [102, change('slack', op, major)],
        [103, offline],
        [111, round],
        [120, online],
        [200, tick],
        // The recovery dropped with the window ended what was told: a new outage is news.
        [300, change('github', op, major)],
        [306, tick],
      ],
      [
        [8, 'GitHub: major outage'],
        [306, 'GitHub: major outage'],
      ],
    ],
    [
      'with coalescing off, what the round found is told as soon as it is read',
      [
        [0, round],
        [1, change('github', op, major)],
        [100, woke],
        [101, change('github', major, op)],
        [102, change('slack', op, major)],
        [111, round],
      ],
      [
        [1, 'GitHub: major outage'],
        [111, '1 disrupted, 1 recovered: Slack, GitHub'],
      ],
      { coalesceMs: 0 },
    ],
  ])('%s', (_name, steps, expected, settings) => {
    expect(titles(steps, settings)).toEqual(expected);
  });
});

describe('coalescing: changes within the window become one notification', () => {
  it.each<[string, Step[], [number, string][], SettingsInput?]>([
    [
      'two disruptions, worst first',
      [
        [0, round],
        [1, change('slack', op, partial)],
        [2, change('github', op, major)],
        [6, tick],
        [7, tick],
      ],
      [[7, '2 services disrupted: GitHub, Slack']],
    ],
    [
      'three disruptions, worst first (three services are a storm: see below)',
      [
        [0, round],
        [1, change('npm', op, deg)],
        [2, change('slack', op, partial)],
        [3, change('github', op, major)],
        [76, tick],
      ],
      [[76, '3 services disrupted: GitHub, Slack, npm']],
    ],
    [
      'disruptions and a recovery',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [10, change('github', major, op)],
        [11, change('slack', op, major)],
        [16, tick],
      ],
      [
        [7, 'GitHub: major outage'],
        [16, '1 disrupted, 1 recovered: Slack, GitHub'],
      ],
    ],
    [
      'two recoveries',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, change('slack', op, deg)],
        [7, tick],
        [10, change('github', major, op)],
        [11, change('slack', deg, op)],
        [16, tick],
      ],
      [
        [7, '2 services disrupted: GitHub, Slack'],
        [16, '2 services recovered: GitHub, Slack'],
      ],
    ],
    [
      'down and up again within the window is nothing',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, change('github', major, op)],
        [10, tick],
      ],
      [],
    ],
    [
      'a flap of a notified disruption within the window is nothing',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [10, change('github', major, op)],
        [11, change('github', op, major)],
        [20, tick],
      ],
      [[7, 'GitHub: major outage']],
    ],
    [
      'several changes of one service read as the net change',
      [
        [0, round],
        [1, change('github', op, deg)],
        [2, change('github', deg, major)],
        [10, tick],
      ],
      [[10, 'GitHub: major outage']],
    ],
    [
      'a change before the lull keeps the window open: services failing over seconds are one notification',
      [
        [0, round],
        [1, change('github', op, major)],
        [4, change('slack', op, major)],
        [6, tick],
        [8, tick],
        [9, tick],
      ],
      [[9, '2 services disrupted: GitHub, Slack']],
    ],
    [
      'a storm (three services or more) stays open 75 s from its first change, so the services checked before it began, a round later, join it',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, change('slack', op, major)],
        [3, change('npm', op, major)],
        [50, tick],
        [62, change('s3', op, major)],
        [63, change('s4', op, major)],
        [75, tick],
        [76, tick],
      ],
      [[76, '5 services disrupted: GitHub, Slack, npm, s3, s4']],
    ],
    [
      'a storm still coming in at 75 s stays open until its lull',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, change('slack', op, major)],
        [3, change('npm', op, major)],
        [74, change('s3', op, major)],
        [78, tick],
        [79, tick],
      ],
      [[79, '4 services disrupted: GitHub, Slack, npm, s3']],
    ],
    [
      'a lone change is told after the usual lull, even when a storm follows: nothing said one would',
      [
        [0, round],
        [1, change('github', op, major)],
        [6, tick],
        [40, change('slack', op, major)],
        [41, change('npm', op, major)],
        [42, change('s3', op, major)],
        [116, tick],
      ],
      [
        [6, 'GitHub: major outage'],
        [116, '3 services disrupted: Slack, npm, s3'],
      ],
    ],
    [
      'a stream cannot hold the window open past 90 s from its first change',
      // A new service every 4 s, from 1 s to 101 s; the one at 93 s finds the first window over.
      [
        [0, round],
        ...Array.from({ length: 26 }, (_, index): Step => [1 + 4 * index, change(`s${index}`, op, major)]),
        [168, tick],
      ],
      [
        [93, '23 services disrupted: s0, s1, s2, s3, s4, s5, s6, s7, +15 more'],
        [168, '3 services disrupted: s23, s24, s25'],
      ],
    ],
    [
      'a late tick does not merge two windows',
      [
        [0, round],
        [1, change('github', op, major)],
        [30, change('slack', op, major)],
        [40, tick],
      ],
      [
        [30, 'GitHub: major outage'],
        [40, 'Slack: major outage'],
      ],
    ],
    [
      'a window of 0 notifies each event at once',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, change('slack', op, major)],
      ],
      [
        [1, 'GitHub: major outage'],
        [2, 'Slack: major outage'],
      ],
      { coalesceMs: 0 },
    ],
    [
      'a longer window gathers more',
      [
        [0, round],
        [1, change('github', op, major)],
        [8, change('slack', op, major)],
        [17, tick],
        [18, tick],
      ],
      [[18, '2 services disrupted: GitHub, Slack']],
      { coalesceMs: 10_000 },
    ],
  ])('%s', (_name, steps, expected, settings) => {
    expect(titles(steps, settings)).toEqual(expected);
  });

  it('tells the adapter when to tick', () => {
    const settings = alertSettingsSchema.parse({});
    let state = initialAlertState();
    expect(nextTickAt(state, settings)).toBeUndefined();
    state = decide(state, round, settings, T0).state;
    state = decide(state, change('github', op, major), settings, T0 + 1000).state;
    state = decide(state, change('slack', op, major), settings, T0 + 3000).state;
    // A lull of coalesceMs (5 s) after the latest change.
    expect(nextTickAt(state, settings)).toBe(T0 + 8000);
    const early = decide(state, tick, settings, T0 + 7999);
    expect(early.notifications).toEqual([]);
    const flushed = decide(early.state, tick, settings, T0 + 8000);
    expect(flushed.notifications).toHaveLength(1);
    expect(nextTickAt(flushed.state, settings)).toBeUndefined();
  });

  it('carries the services for the click, most urgent first, and critical urgency for a major outage', () => {
    const { out } = play([
      [0, round],
      [1, change('npm', op, deg)],
      [2, change('github', op, major)],
      [10, tick],
      [11, change('npm', deg, op)],
      [20, tick],
    ]);
    expect(out.map(({ notification }) => notification)).toEqual([
      {
        title: '2 services disrupted: GitHub, npm',
        body: 'GitHub: major outage; npm: degraded',
        serviceIds: ['github', 'npm'],
        urgency: 'critical',
      },
      { title: 'npm recovered', body: 'from the feed', serviceIds: ['npm'], urgency: 'normal' },
    ]);
  });

  it('never changes the state it was given', () => {
    const settings = alertSettingsSchema.parse({});
    const live = decide(initialAlertState(), round, settings, T0).state;
    const before = structuredClone(live);
    decide(live, change('github', op, major), settings, T0 + 1000);
    expect(live).toEqual(before);
  });
});

/** GitHub going down at `from` and back up every `everySeconds`, `changes` times; ticks 6 s after each. */
function flaps(from: number, everySeconds: number, changes: number, id = 'github'): Step[] {
  return Array.from({ length: changes }, (_, index): Step[] => {
    const at = from + index * everySeconds;
    return [
      [at, index % 2 === 0 ? change(id, op, major) : change(id, major, op)],
      [at + 6, tick],
    ];
  }).flat();
}

describe('flapping: told once that it flaps, once how it ended', () => {
  it.each<[string, Step[], [number, string][], SettingsInput?]>([
    [
      'down and up four times in 15 minutes: down, recovered, down, then that it flaps; nothing more until 10 minutes of calm',
      [[0, round], ...flaps(60, 60, 8), [1080, tick], [1086, tick]],
      [
        [66, 'GitHub: major outage'],
        [126, 'GitHub recovered'],
        [186, 'GitHub: major outage'],
        [246, 'GitHub is flapping: 4 changes in 3 min'],
        // Last change (recovered) at 480 s; steady 10 minutes later, told after the lull.
        [1086, 'GitHub recovered, no longer flapping'],
      ],
    ],
    [
      'steady in an outage: says so, and its later recovery is ordinary news again',
      [
        [0, round],
        ...flaps(60, 60, 7),
        [1021, tick],
        [1026, tick],
        [1100, change('github', major, op)],
        [1106, tick],
      ],
      [
        [66, 'GitHub: major outage'],
        [126, 'GitHub recovered'],
        [186, 'GitHub: major outage'],
        [246, 'GitHub is flapping: 4 changes in 3 min'],
        [1026, 'GitHub stopped flapping: major outage'],
        [1106, 'GitHub recovered'],
      ],
    ],
    [
      'changes further apart than four in 15 minutes are not flapping: each is told',
      [[0, round], ...flaps(60, 301, 5)],
      [
        [66, 'GitHub: major outage'],
        [367, 'GitHub recovered'],
        [668, 'GitHub: major outage'],
        [969, 'GitHub recovered'],
        [1270, 'GitHub: major outage'],
      ],
    ],
    [
      'a change before 10 minutes of calm keeps it flapping',
      [
        [0, round],
        ...flaps(60, 60, 4),
        [830, change('github', op, major)],
        // Steady at 840 s but for that change; steady 10 minutes after it.
        [846, tick],
        [1430, tick],
        [1435, tick],
      ],
      [
        [66, 'GitHub: major outage'],
        [126, 'GitHub recovered'],
        [186, 'GitHub: major outage'],
        [246, 'GitHub is flapping: 4 changes in 3 min'],
        [1435, 'GitHub stopped flapping: major outage'],
      ],
    ],
    [
      'services flapping together share their notices',
      [
        [0, round] as Step,
        ...flaps(60, 60, 4),
        ...flaps(61, 60, 4, 'slack'),
        [900, tick] as Step,
        [906, tick] as Step,
      ].sort(([a], [b]) => a - b),
      [
        [66, '2 services disrupted: GitHub, Slack'],
        [126, '2 services recovered: GitHub, Slack'],
        [186, '2 services disrupted: GitHub, Slack'],
        [246, '2 services flapping: GitHub, Slack'],
        [906, '2 services recovered: GitHub, Slack'],
      ],
    ],
    [
      'moves within an outage are the incident evolving, not flapping',
      [
        [0, round],
        [1, change('github', op, deg)],
        [7, tick],
        [10, change('github', deg, major)],
        [16, tick],
        [20, change('github', major, partial)],
        [26, tick],
        [30, change('github', partial, major)],
        [36, tick],
        [40, change('github', major, op)],
        [46, tick],
      ],
      [
        [7, 'GitHub: degraded'],
        [16, 'GitHub got worse: major outage'],
        [26, 'GitHub improved: partial outage'],
        [36, 'GitHub got worse: major outage'],
        [46, 'GitHub recovered'],
      ],
    ],
    [
      'outages only: flipping between operational and degraded is neither news nor flapping',
      [
        [0, round],
        ...[0, 1, 2, 3, 4, 5].map((index): Step => [
          10 + index * 10,
          change('github', index % 2 ? deg : op, index % 2 ? op : deg),
        ]),
        [100, change('github', op, partial)],
        [106, tick],
      ],
      [[106, 'GitHub: partial outage']],
      { levels: { github: 'outages' } },
    ],
    [
      'flapping that starts while snoozed is not told; after the snooze, its next change says it flaps',
      [
        [0, round],
        ...flaps(60, 60, 5),
        [700, change('github', major, op)],
        [706, tick],
        [1300, tick],
        [1306, tick],
      ],
      [
        [706, 'GitHub is flapping: 6 changes in 11 min'],
        [1306, 'GitHub recovered, no longer flapping'],
      ],
      { snoozedUntil: T0 + 600_000 },
    ],
    [
      'flapping that ends while snoozed was never told: nothing to end',
      [[0, round], ...flaps(60, 60, 6), [1000, tick], [1100, tick]],
      [],
      { snoozedUntil: T0 + 3_600_000 },
    ],
    [
      'a notice that it flaps, held by a wake until it is steady, becomes its plain net change',
      [
        [0, round],
        ...flaps(60, 60, 3),
        [240, change('github', major, op)],
        [241, woke],
        [840, tick],
        [900, round],
        [925, tick],
      ],
      [
        [66, 'GitHub: major outage'],
        [126, 'GitHub recovered'],
        [186, 'GitHub: major outage'],
        [925, 'GitHub recovered'],
      ],
    ],
  ])('%s', (_name, steps, expected, settings) => {
    expect(titles(steps, settings)).toEqual(expected);
  });

  it('reads as one plain notice: the state it is in, and when it will be heard of again', () => {
    const { out } = play([[0, round], ...flaps(60, 60, 4)]);
    expect(out.at(-1)?.notification).toEqual({
      title: 'GitHub is flapping: 4 changes in 3 min',
      body: 'Now operational. No more about it until it holds steady for 10 min.',
      serviceIds: ['github'],
      urgency: 'normal',
    });
  });

  it('never changes the state it was given, flapping or steady', () => {
    const settings = alertSettingsSchema.parse({});
    const { state } = play([[0, round], ...flaps(60, 60, 5)]);
    const before = structuredClone(state);
    decide(state, change('github', major, op), settings, T0 + 400_000);
    decide(state, tick, settings, T0 + 900_000);
    decide(state, woke, settings, T0 + 900_000);
    expect(state).toEqual(before);
  });

  it('tells the adapter when a flapping service will be steady', () => {
    const { state } = play([[0, round], ...flaps(60, 60, 5)]);
    // The last change at 300 s; steady 10 minutes later.
    expect(nextTickAt(state, alertSettingsSchema.parse({}))).toBe(T0 + 900_000);
  });
});

describe("the person's rules", () => {
  it.each<[string, Step[], [number, string][], SettingsInput, string?]>([
    [
      'outages only: degraded is not news; partial and major are, and so is their end',
      [
        [0, round],
        [1, change('github', op, deg)],
        [7, tick],
        [10, change('github', deg, partial)],
        [16, tick],
        [20, change('github', partial, major)],
        [26, tick],
        [30, change('github', major, deg)],
        [36, tick],
        [40, change('github', deg, op)],
        [46, tick],
      ],
      [
        [16, 'GitHub: partial outage'],
        [26, 'GitHub got worse: major outage'],
        [36, 'GitHub improved: degraded'],
      ],
      { levels: { github: 'outages' } },
    ],
    [
      'muted: nothing at all, not even the end of a disruption told before muting',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [10, change('github', major, op)],
        [16, tick],
      ],
      [],
      { levels: { github: 'muted' } },
    ],
    [
      'a level set for one service leaves the others at "all"',
      [
        [0, round],
        [1, change('github', op, deg)],
        [2, change('slack', op, deg)],
        [10, tick],
      ],
      [[10, 'Slack: degraded']],
      { levels: { github: 'outages' } },
    ],
    [
      'a service id that is also an Object.prototype member gets the default level',
      [
        [0, round],
        [1, change('constructor', op, deg)],
        [10, tick],
      ],
      [[10, 'constructor: degraded']],
      {},
    ],
    [
      'global snooze: silent while it lasts; a disruption that began then recovers silently',
      [
        [0, round],
        [1, change('github', op, major)],
        [10, tick],
        [4000, change('github', major, op)],
        [4010, tick],
      ],
      [],
      { snoozedUntil: T0 + 3_600_000 },
    ],
    [
      'global snooze: a disruption told before it has its recovery swallowed, and the next one is news',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [8, { settings: { snoozedUntil: T0 + 3_600_000 } }],
        [10, change('github', major, op)],
        [20, tick],
        [4000, change('github', op, partial)],
        [4010, tick],
      ],
      [
        [7, 'GitHub: major outage'],
        [4010, 'GitHub: partial outage'],
      ],
      {},
    ],
    [
      'global snooze: a disruption told before that worsens during it and recovers after gets its recovery',
      [
        [0, round],
        [1, change('github', op, partial)],
        [7, tick],
        [8, { settings: { snoozedUntil: T0 + 3_600_000 } }],
        [10, change('github', partial, major)],
        [4000, change('github', major, op)],
        [4010, tick],
      ],
      [
        [7, 'GitHub: partial outage'],
        [4010, 'GitHub recovered'],
      ],
      {},
    ],
    [
      'a snooze set while the window is open silences what it holds',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, change('slack', op, major)],
        [3, { settings: { serviceSnoozes: { github: T0 + 3_600_000 } } }],
        [10, tick],
        [4000, change('github', major, op)],
        [4010, tick],
      ],
      [[10, 'Slack: major outage']],
      {},
    ],
    [
      'a snoozed change drops the same service waiting in the window',
      [
        [0, round],
        [1, change('github', op, partial)],
        [2, { settings: { serviceSnoozes: { github: T0 + 3_600_000 } } }],
        [3, change('github', partial, major)],
        [10, tick],
        [4000, change('github', major, op)],
        [4010, tick],
      ],
      [],
      {},
    ],
    [
      'muting a service during a told disruption silences its recovery; unmuted later, the next one is news',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [8, { settings: { levels: { github: 'muted' } } }],
        [10, change('github', major, op)],
        [20, tick],
        [30, { settings: {} }],
        [40, change('github', op, deg)],
        [50, tick],
      ],
      [
        [7, 'GitHub: major outage'],
        [50, 'GitHub: degraded'],
      ],
      {},
    ],
    [
      'snooze of one service leaves the others',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, change('slack', op, major)],
        [10, tick],
      ],
      [[10, 'Slack: major outage']],
      { serviceSnoozes: { github: T0 + 3_600_000 } },
    ],
    [
      'a snooze that ended is no snooze',
      [
        [0, round],
        [1, change('github', op, major)],
        [10, tick],
      ],
      [[10, 'GitHub: major outage']],
      { serviceSnoozes: { github: T0 }, snoozedUntil: T0 - 1 },
    ],
    [
      'quiet hours across midnight: nothing inside, news again after',
      [
        [utcAt(21, 59), round],
        [utcAt(23), change('github', op, major)],
        [utcAt(23) + 10, tick],
        [utcAt(24 + 6, 59), change('slack', op, major)],
        [utcAt(24 + 7), change('npm', op, major)],
        [utcAt(24 + 7) + 10, tick],
      ],
      [[utcAt(24 + 7) + 10, 'npm: major outage']],
      { quietHours: { start: '22:00', end: '07:00', allowMajorOutages: false } },
    ],
    [
      'quiet hours letting major outages through: only those',
      [
        [utcAt(22, 30), round],
        [utcAt(23), change('github', op, major)],
        [utcAt(23), change('slack', op, partial)],
        [utcAt(23) + 10, tick],
        [utcAt(23, 30), change('github', major, op)],
        [utcAt(23, 30) + 10, tick],
      ],
      [[utcAt(23) + 10, 'GitHub: major outage']],
      { quietHours: { start: '22:00', end: '07:00', allowMajorOutages: true } },
    ],
    [
      'quiet hours that begin while the window is open silence it',
      [
        [utcAt(21, 50), round],
        [utcAt(22) - 2, change('github', op, major)],
        [utcAt(22) + 3, tick],
      ],
      [],
      { quietHours: { start: '22:00', end: '07:00', allowMajorOutages: false } },
    ],
    [
      'snooze wins over the major-outage exception of quiet hours',
      [
        [utcAt(22, 30), round],
        [utcAt(23), change('github', op, major)],
        [utcAt(23) + 10, tick],
      ],
      [],
      {
        quietHours: { start: '22:00', end: '07:00', allowMajorOutages: true },
        snoozedUntil: T0 + 86_400_000,
      },
    ],
    [
      "quiet hours are judged on the person's clock: 07:30 in New York is 12:30 UTC",
      [
        [0, round],
        [utcAt(12, 30), change('github', op, major)],
        [utcAt(12, 30) + 10, tick],
      ],
      [],
      { quietHours: { start: '07:00', end: '08:00', allowMajorOutages: false } },
      'America/New_York',
    ],
  ])('%s', (_name, steps, expected, settings, timeZone) => {
    expect(titles(steps, settings, timeZone)).toEqual(expected);
  });
});

describe('offline: one notice instead of a notification per service', () => {
  it.each<[string, Step[], [number, string][], SettingsInput?]>([
    [
      'turning offline notifies at once; events while offline do not; back online says nothing',
      [
        [0, online],
        [1, round],
        [10, offline],
        [11, change('github', op, major)],
        [20, tick],
        [30, online],
        [40, tick],
      ],
      [[10, 'You appear to be offline']],
    ],
    [
      'once per offline spell, however it flickers through unknown',
      [
        [0, round],
        [10, offline],
        [20, unknown],
        [30, offline],
        [40, offline],
      ],
      [[10, 'You appear to be offline']],
    ],
    [
      'a new spell after being online gets its own notice',
      [
        [0, round],
        [10, offline],
        [20, online],
        [30, offline],
      ],
      [
        [10, 'You appear to be offline'],
        [30, 'You appear to be offline'],
      ],
    ],
    [
      'offline before the first round completes is not a notice',
      [
        [0, offline],
        [5, round],
        [10, offline],
      ],
      [],
    ],
    [
      'turning offline drops the changes waiting: they were likely ours',
      [
        [0, round],
        [1, change('github', op, major)],
        [2, offline],
        [10, tick],
        [20, online],
        [30, change('github', major, op)],
        [40, tick],
      ],
      [[2, 'You appear to be offline']],
    ],
    [
      'a disruption told before going offline still gets its recovery when back online',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [10, offline],
        [20, online],
        [30, change('github', major, op)],
        [40, tick],
      ],
      [
        [7, 'GitHub: major outage'],
        [10, 'You appear to be offline'],
        [40, 'GitHub recovered'],
      ],
    ],
    [
      'a told outage whose recovery was waiting when the network went is over: its next outage is news',
      [
        [0, round],
        [1, change('github', op, major)],
        [7, tick],
        [10, change('github', major, op)],
        [11, offline],
        [20, online],
        [30, change('github', op, major)],
        [36, tick],
      ],
      [
        [7, 'GitHub: major outage'],
        [11, 'You appear to be offline'],
        [36, 'GitHub: major outage'],
      ],
    ],
    [
      'unknown connectivity does not hold events back',
      [
        [0, unknown],
        [1, round],
        [2, change('github', op, major)],
        [10, tick],
      ],
      [[10, 'GitHub: major outage']],
    ],
    [
      'the offline notice follows the global snooze',
      [
        [0, round],
        [10, offline],
        [20, online],
        [4000, offline],
      ],
      [[4000, 'You appear to be offline']],
      { snoozedUntil: T0 + 3_600_000 },
    ],
    [
      'the offline notice follows quiet hours, major-outage exception or not',
      [
        [0, round],
        [10, offline],
      ],
      [],
      { quietHours: { start: '11:00', end: '13:00', allowMajorOutages: true } },
    ],
  ])('%s', (_name, steps, expected, settings) => {
    expect(titles(steps, settings)).toEqual(expected);
  });

  it('reads as one plain notice about no service', () => {
    const { out } = play([
      [0, round],
      [1, offline],
    ]);
    expect(out[0]?.notification).toEqual({
      title: 'You appear to be offline',
      body: 'Downwatch pauses its judgement until the connection is back.',
      serviceIds: [],
      urgency: 'normal',
    });
  });
});

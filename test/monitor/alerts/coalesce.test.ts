import { describe, expect, it } from 'vitest';
import { composeNotification, type AlertItem } from '../../../main/monitor/alerts/coalesce.js';
import { BODY_MAX, TITLE_MAX } from '../../../main/monitor/alerts/notification-text.js';
import type { Status } from '../../../main/monitor/status.js';

function item(
  kind: Exclude<AlertItem['kind'], 'flapping'>,
  serviceName: string,
  status: Status,
  summary = 'Details',
): AlertItem {
  return { kind, serviceId: serviceName.toLowerCase(), serviceName, status, summary };
}

function flapping(serviceName: string, status: Status, changes = 4, spanMs = 180_000): AlertItem {
  return {
    kind: 'flapping',
    serviceId: serviceName.toLowerCase(),
    serviceName,
    status,
    summary: 'Details',
    changes,
    spanMs,
  };
}

function steady(kind: 'down' | 'better' | 'recovered', serviceName: string, status: Status): AlertItem {
  return {
    kind,
    serviceId: serviceName.toLowerCase(),
    serviceName,
    status,
    summary: 'Details',
    endsFlapping: true,
  };
}

describe('one change', () => {
  it.each<[string, AlertItem, string, string, 'normal' | 'critical']>([
    [
      'down',
      item('down', 'GitHub', 'major_outage', 'Major outage: Git operations failing'),
      'GitHub: major outage',
      'Git operations failing',
      'critical',
    ],
    [
      'down, degraded',
      item('down', 'Slack', 'degraded', 'Degraded: slow messages'),
      'Slack: degraded',
      'slow messages',
      'normal',
    ],
    [
      'worse',
      item('worse', 'GitHub', 'major_outage'),
      'GitHub got worse: major outage',
      'Details',
      'critical',
    ],
    [
      'better',
      item('better', 'GitHub', 'partial_outage'),
      'GitHub improved: partial outage',
      'Details',
      'normal',
    ],
    [
      'better, to maintenance',
      item('better', 'GitHub', 'maintenance'),
      'GitHub improved: maintenance',
      'Details',
      'normal',
    ],
    [
      'recovered',
      item('recovered', 'GitHub', 'operational', 'Operational'),
      'GitHub recovered',
      'Operational',
      'normal',
    ],
    [
      'flapping: how often, how long, and when it will be heard of again; not critical, however bad now',
      flapping('GitHub', 'major_outage', 5, 400_000),
      'GitHub is flapping: 5 changes in 7 min',
      'Now major outage. No more about it until it holds steady for 10 min.',
      'normal',
    ],
    [
      'flapping within a minute reads as one minute',
      flapping('GitHub', 'operational', 4, 20_000),
      'GitHub is flapping: 4 changes in 1 min',
      'Now operational. No more about it until it holds steady for 10 min.',
      'normal',
    ],
    [
      'flapping ended in an outage',
      steady('down', 'GitHub', 'major_outage'),
      'GitHub stopped flapping: major outage',
      'Details',
      'critical',
    ],
    [
      'flapping ended operational',
      steady('recovered', 'GitHub', 'operational'),
      'GitHub recovered, no longer flapping',
      'Details',
      'normal',
    ],
    [
      'flapping ended in maintenance',
      steady('better', 'GitHub', 'maintenance'),
      'GitHub stopped flapping: maintenance',
      'Details',
      'normal',
    ],
    [
      'a summary that is only the label',
      item('down', 'npm', 'partial_outage', 'Partial outage: '),
      'npm: partial outage',
      'Partial outage',
      'normal',
    ],
  ])('%s', (_name, change, title, body, urgency) => {
    expect(composeNotification([change])).toEqual({ title, body, serviceIds: [change.serviceId], urgency });
  });

  it('nothing to say, no notification', () => {
    expect(composeNotification([])).toBeUndefined();
  });

  it('third-party text is flattened and bounded; markup stays text until the platform escapes it', () => {
    const hostile = item(
      'down',
      'Our\nAPI',
      'major_outage',
      `Major outage: <script>alert(1)</script>\n\n${'very long incident text '.repeat(20)}`,
    );
    const notification = composeNotification([hostile]);
    expect(notification?.title).toBe('Our API: major outage');
    expect(notification?.body.startsWith('<script>alert(1)</script> very long')).toBe(true);
    expect(notification?.body).not.toContain('\n');
    expect(notification?.body.length).toBeLessThanOrEqual(BODY_MAX);
  });
});

describe('several changes in one window', () => {
  const github = item('down', 'GitHub', 'major_outage');
  const slack = item('down', 'Slack', 'partial_outage');
  const npm = item('down', 'npm', 'degraded');

  it.each<[string, AlertItem[], string, string[]]>([
    [
      'three disruptions, worst first',
      [npm, slack, github],
      '3 services disrupted: GitHub, Slack, npm',
      ['github', 'slack', 'npm'],
    ],
    [
      'disruptions and a recovery',
      [item('recovered', 'Jira', 'operational'), slack, npm],
      '2 disrupted, 1 recovered: Slack, npm, Jira',
      ['slack', 'npm', 'jira'],
    ],
    [
      'all three kinds',
      [item('recovered', 'Jira', 'operational'), item('better', 'Zoom', 'degraded'), github],
      '1 disrupted, 1 improved, 1 recovered: GitHub, Zoom, Jira',
      ['github', 'zoom', 'jira'],
    ],
    [
      'only recoveries',
      [item('recovered', 'Jira', 'operational'), item('recovered', 'Zoom', 'operational')],
      '2 services recovered: Jira, Zoom',
      ['jira', 'zoom'],
    ],
    [
      'a worsening counts as a disruption',
      [item('worse', 'Zoom', 'partial_outage'), npm],
      '2 services disrupted: Zoom, npm',
      ['zoom', 'npm'],
    ],
    [
      'flapping comes after disruptions, before improvements and recoveries',
      [item('recovered', 'Jira', 'operational'), flapping('Zoom', 'major_outage'), slack],
      '1 disrupted, 1 flapping, 1 recovered: Slack, Zoom, Jira',
      ['slack', 'zoom', 'jira'],
    ],
    [
      'only flapping',
      [flapping('Zoom', 'major_outage'), flapping('Jira', 'operational')],
      '2 services flapping: Zoom, Jira',
      ['zoom', 'jira'],
    ],
    [
      'the end of flapping counts as where it ended',
      [steady('recovered', 'Jira', 'operational'), steady('down', 'Zoom', 'partial_outage')],
      '1 disrupted, 1 recovered: Zoom, Jira',
      ['zoom', 'jira'],
    ],
    [
      'names that do not fit end in "+N more"',
      ['Alpha Service', 'Beta Service', 'Gamma Service', 'Delta Service', 'Epsilon Service'].map((name) =>
        item('down', name, 'major_outage'),
      ),
      '5 services disrupted: Alpha Service, Beta Service, +3 more',
      ['alpha service', 'beta service', 'gamma service', 'delta service', 'epsilon service'],
    ],
    [
      'a name too long for any list leaves the counts',
      [item('down', 'A'.repeat(40), 'major_outage'), item('down', 'B'.repeat(40), 'major_outage')],
      '2 services disrupted',
      ['a'.repeat(40), 'b'.repeat(40)],
    ],
  ])('%s', (_name, items, title, serviceIds) => {
    const notification = composeNotification(items);
    expect(notification?.title).toBe(title);
    expect(notification?.title.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(notification?.serviceIds).toEqual(serviceIds);
  });

  it('flapping alone is never critical; a major outage beside it is', () => {
    expect(composeNotification([flapping('Zoom', 'major_outage'), npm])?.urgency).toBe('normal');
    expect(composeNotification([flapping('Zoom', 'major_outage'), github])?.urgency).toBe('critical');
  });

  it('the body lists each change, bounded', () => {
    expect(composeNotification([npm, github, item('recovered', 'Jira', 'operational')])?.body).toBe(
      'GitHub: major outage; npm: degraded; Jira recovered',
    );
    const many = Array.from({ length: 30 }, (_, index) => item('down', `Service ${index}`, 'degraded'));
    const body = composeNotification(many)?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(BODY_MAX);
    expect(body.endsWith('…')).toBe(true);
  });

  it('is critical when any disruption is a major outage, not for a recovery from one', () => {
    expect(composeNotification([npm, github])?.urgency).toBe('critical');
    expect(composeNotification([npm, slack])?.urgency).toBe('normal');
  });
});

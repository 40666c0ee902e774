import type { ConnectivityStatus, PendingChange } from '../shared/snapshot.js';
import type { Reading, SignalFamily } from './reading.js';
import {
  combineStatuses,
  isDisrupted,
  LADDER,
  ladderIndex,
  statusLabel,
  type LadderStatus,
  type Status,
} from './status.js';

/**
 * Fusing a service's confirmed readings into one status with the reasons that drove it
 * (DESIGN.md, step 3). Pure: the same readings always give the same verdict.
 *
 * Rules (issue 2):
 * - an official status counts as stated;
 * - a slow probe is degraded; when some probes fail the service is at least partial_outage, when
 *   all fail it is major_outage;
 * - sources that could not be read are ignored unless nothing could be read (then unknown);
 * - the worst confirmed signal wins;
 * - while the machine is offline, anything short of a good reading says nothing (unknown), so
 *   a dead Wi-Fi never becomes a wall of outages.
 * Announced maintenance explains failing probes: it wins over them, not over the vendor's own
 * word of a disruption.
 *
 * Crowd signals (issue 4): a spike alone is at most degraded (possible) or a partial outage
 * (likely); a spike together with a failing probe or an official incident is a major outage.
 * Probes from other networks (Globalping) are not a status of their own: they answer "for
 * everyone, or just here?", which the summary and the reasons carry.
 */

export interface VerdictSource {
  readonly label: string;
  readonly family: SignalFamily;
  readonly reading: Reading | undefined;
  readonly pending?: PendingChange | undefined;
  /** The newest reading that was not unknown, named when the source cannot be read now. */
  readonly lastGood?: Reading | undefined;
  /** Asked only when a probe fails: silent in the reasons until it has answered. */
  readonly onDemand?: boolean | undefined;
}

export interface Verdict {
  readonly status: Status;
  readonly summary: string;
  readonly reasons: readonly string[];
}

export const OFFLINE_DETAIL = 'you appear to be offline';

/** While offline, a reading that is not good tells us about our network, not the service. */
export function offlineAware(reading: Reading, connectivity: ConnectivityStatus): Reading {
  if (connectivity !== 'offline' || reading.status === 'operational' || reading.status === 'maintenance')
    return reading;
  return { ...reading, status: 'unknown', detail: OFFLINE_DETAIL };
}

export function decideVerdict(sources: readonly VerdictSource[], connectivity: ConnectivityStatus): Verdict {
  const judged = sources.map((source) => ({
    ...source,
    reading: source.reading ? offlineAware(source.reading, connectivity) : undefined,
  }));
  const usable = judged.filter(
    (source): source is Judged => source.reading !== undefined && source.reading.status !== 'unknown',
  );
  const reasonsFor = (drivers: readonly Judged[]): string[] => {
    const driverSet = new Set<VerdictSource>(drivers);
    const rest = judged.filter((source) => !driverSet.has(source) && !(source.onDemand && !source.reading));
    return [...drivers.map(reasonFor), ...rest.map(reasonFor)];
  };

  if (usable.length === 0) {
    const reasons = reasonsFor([]);
    if (connectivity === 'offline')
      return { status: 'unknown', summary: 'Unknown: you appear to be offline', reasons };
    const confirming = judged.every((source) => source.reading === undefined);
    const summary = confirming ? 'Checking…' : `Unknown: no source could be read (${firstDetail(judged)})`;
    return { status: 'unknown', summary, reasons };
  }

  const elsewhere = usable.filter((source) => source.reading.vantage !== undefined);
  const official = usable.filter((source) => source.family === 'official');
  const probes = usable.filter((source) => source.family === 'probe');
  const crowd = usable.filter((source) => source.family === 'crowd' && source.reading.vantage === undefined);
  const officialStatus =
    official.length > 0 ? combineStatuses(official.map((source) => source.reading.status)) : undefined;
  const probeStatus =
    probes.length > 0 ? aggregateProbes(probes.map((source) => source.reading.status)) : undefined;
  const crowdStatus =
    crowd.length > 0 ? combineStatuses(crowd.map((source) => source.reading.status)) : undefined;

  const officialDisrupted = officialStatus !== undefined && isDisrupted(officialStatus);
  if (officialStatus === 'maintenance' && !officialDisrupted) {
    const drivers = official.filter((source) => source.reading.status === 'maintenance');
    const failing = probes.filter((source) => isDisrupted(source.reading.status));
    const note =
      failing.length > 0
        ? `; ${failing.length === 1 ? 'a probe fails' : `${failing.length} probes fail`} during it`
        : '';
    return {
      status: 'maintenance',
      summary: `Maintenance: ${drivers[0]?.reading.detail ?? 'announced'}${note}`,
      reasons: reasonsFor([...drivers, ...failing]),
    };
  }

  const candidates = [officialStatus, probeStatus, crowdStatus].filter(
    (status): status is Status => status !== undefined,
  );
  const crowdSpike = crowdStatus !== undefined && isDisrupted(crowdStatus);
  const probesFail = probeStatus !== undefined && isDisrupted(probeStatus);
  const worst = crowdSpike && (probesFail || officialDisrupted) ? 'major_outage' : worstOnLadder(candidates);
  if (candidates.length === 0) {
    const reasons = reasonsFor(elsewhere);
    return {
      status: 'unknown',
      summary: `Unknown: no source could be read (${firstDetail(judged)})`,
      reasons,
    };
  }
  if (worst === 'operational') {
    const status = combineStatuses(candidates);
    const lead = official[0] ?? probes[0] ?? crowd[0];
    return {
      status,
      summary: `${statusLabel(status)}${lead ? `: ${lead.reading.detail}` : ''}`,
      reasons: reasonsFor([]),
    };
  }
  const drivers = usable
    .filter((source) => source.reading.vantage === undefined && isDisrupted(source.reading.status))
    .sort(byWorstReading);
  const summary = summarise(worst, drivers, officialStatus) + vantageNote(elsewhere);
  return { status: worst, summary, reasons: reasonsFor([...drivers, ...elsewhere]) };
}

/** "for everyone, or just here?" as the end of a summary. */
function vantageNote(elsewhere: readonly Judged[]): string {
  const answer = elsewhere[0]?.reading;
  return answer?.vantage ? `; ${answer.detail}` : '';
}

type Judged = VerdictSource & { readonly reading: Reading };

/** Probes: all failing is a major outage, some failing at least partial, slow is degraded. */
export function aggregateProbes(statuses: readonly Status[]): LadderStatus {
  const failing = statuses.filter(
    (status) => status === 'partial_outage' || status === 'major_outage',
  ).length;
  if (failing > 0 && failing === statuses.length) return 'major_outage';
  if (failing > 0) return 'partial_outage';
  return statuses.includes('degraded') ? 'degraded' : 'operational';
}

function worstOnLadder(statuses: readonly Status[]): LadderStatus {
  let worst = 0;
  for (const status of statuses) {
    if (status !== 'unknown' && status !== 'maintenance') worst = Math.max(worst, ladderIndex(status));
  }
  return LADDER[worst] ?? 'operational';
}

function byWorstReading(a: Judged, b: Judged): number {
  const rank = (source: Judged): number =>
    isDisrupted(source.reading.status) ? ladderIndex(source.reading.status) : 0;
  return rank(b) - rank(a);
}

function summarise(
  status: LadderStatus,
  drivers: readonly Judged[],
  officialStatus: Status | undefined,
): string {
  // The worst driver of each signal family, at most two: the probe and the crowd say more
  // together ("an error page, and reports 300× the usual level") than either alone.
  const leads: Judged[] = [];
  for (const driver of drivers) {
    if (leads.length < 2 && !leads.some((lead) => lead.family === driver.family)) leads.push(driver);
  }
  const hidden = drivers.length - leads.length;
  const more = hidden > 0 ? ` (+${hidden} more)` : '';
  const because =
    leads.length > 0
      ? `: ${leads.map((lead) => `${subject(lead)} ${lead.reading.detail}`).join('; ')}${more}`
      : '';
  // The December 2022 Twitter case: the vendor still says all is well while we see it broken.
  const contradiction = officialStatus === 'operational' ? ', while the official page says operational' : '';
  return `${statusLabel(status)}${because}${contradiction}`;
}

function subject(source: VerdictSource): string {
  switch (source.family) {
    case 'probe':
      return `probe "${source.label}":`;
    case 'official':
      return `${source.label}:`;
    case 'crowd':
      return `${source.label}:`;
  }
}

/** `probe "Desktop web": HTTP 200 with error text "Something went wrong"`, `Official page: operational`. */
export function reasonFor(source: VerdictSource): string {
  const who = subject(source);
  const reading = source.reading;
  const pending = source.pending ? ` (${describePending(source.pending)})` : '';
  if (!reading)
    return source.pending
      ? `${who} ${describePending(source.pending)}: ${source.pending.detail}`
      : `${who} not checked yet`;
  if (reading.status === 'unknown') {
    const before = source.lastGood
      ? ` (last good reading: ${statusLabel(source.lastGood.status).toLowerCase()})`
      : '';
    return `${who} could not be read: ${reading.detail}${before}${pending}`;
  }
  if (source.family === 'official') {
    const label = statusLabel(reading.status).toLowerCase();
    const extra = reading.status === 'operational' ? '' : ` (${reading.detail})`;
    return `${who} ${label}${extra}${pending}`;
  }
  return `${who} ${reading.detail}${pending}`;
}

function describePending(pending: PendingChange): string {
  const what = isDisrupted(pending.status) ? 'failing' : 'recovering';
  return `${what}, confirming ${pending.count} of ${pending.needed}`;
}

function firstDetail(sources: readonly VerdictSource[]): string {
  return sources.find((source) => source.reading !== undefined)?.reading?.detail ?? 'no readings yet';
}

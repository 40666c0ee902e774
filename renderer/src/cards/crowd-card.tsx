import { useMemo } from 'preact/hooks';
import type { CrowdDetails } from '../../../main/monitor/reading.js';
import type { SourceSnapshot } from '../../../main/shared/snapshot.js';
import { TimeChart, type ChartSeries } from '../chart.js';
import { ExternalLink } from '../external-link.js';
import { clockTime, regionName, shareText } from '../format.js';
import { now } from '../store.js';
import { SourceHead } from './source-head.js';

const LEVEL_WORDS: Record<CrowdDetails['level'], string> = {
  none: 'No spike: reports are at their usual level',
  possible: 'Possible spike',
  likely: 'Likely spike',
};

/** What people report: counts over 24 h against their usual level, and where they come from. */
export function CrowdCard({ source }: { source: SourceSnapshot }) {
  const crowd = source.crowd;
  return (
    <section class="card" aria-label={`Crowd reports: ${source.label}`}>
      <SourceHead source={source} />
      {crowd ? <CrowdBody crowd={crowd} /> : null}
    </section>
  );
}

function CrowdBody({ crowd }: { crowd: CrowdDetails }) {
  const at = now.value;
  const chart = useMemo(() => {
    const times = crowd.series.map((bucket) => bucket.at);
    const series: ChartSeries[] = [
      {
        label: 'reports',
        values: crowd.series.map((bucket) => bucket.count),
        colorVar: '--chart-alert',
        fill: true,
      },
    ];
    if (crowd.series.some((bucket) => bucket.usual !== undefined)) {
      series.push({
        label: 'usual',
        values: crowd.series.map((bucket) => bucket.usual ?? null),
        colorVar: '--chart-secondary',
        dashed: true,
      });
    }
    return { times, series };
  }, [crowd]);
  const usual = crowd.usual === undefined ? 'not known yet' : `usually ${Math.round(crowd.usual)}`;
  return (
    <>
      <p class={`spike spike-${crowd.level}`}>
        <strong>{LEVEL_WORDS[crowd.level]}</strong>
        {crowd.since !== undefined && crowd.level !== 'none' ? ` since ${clockTime(crowd.since, at)}` : ''}
      </p>
      <p class="small">
        {crowd.current} reports in the last {Math.round(crowd.bucketMs / 60_000)} min ({usual}) ·{' '}
        {crowd.provider}
      </p>
      {crowd.series.length > 1 ? (
        <TimeChart
          times={chart.times}
          series={chart.series}
          unit=""
          label={`Reports over the last day: now ${crowd.current}, ${usual}`}
        />
      ) : null}
      {crowd.regions.length > 0 ? (
        <div>
          <h5>Where reports come from</h5>
          <ul class="plain regions">
            {crowd.regions.slice(0, 5).map((region) => (
              <li key={region.region}>
                <span class="region-name">{regionName(region.region)}</span>
                <span class="bar-track" aria-hidden="true">
                  <span class="bar-fill" style={{ width: `${Math.round(region.share * 100)}%` }} />
                </span>
                <span class="small">
                  {shareText(region.share)} ({region.count})
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {crowd.indicators && crowd.indicators.length > 0 ? (
        <p class="small">
          Problems with: {crowd.indicators.map((item) => `${item.name} ${shareText(item.share)}`).join(', ')}
        </p>
      ) : null}
      {crowd.samples && crowd.samples.length > 0 ? (
        <details>
          <summary>What people say</summary>
          <ul class="plain samples">
            {crowd.samples.map((sample, index) => (
              <li key={index}>
                {sample.link ? <ExternalLink url={sample.link}>{sample.title}</ExternalLink> : sample.title}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

import { useMemo } from 'preact/hooks';
import type { ServiceHistory } from '../../../main/shared/ipc.js';
import type { SourceSnapshot } from '../../../main/shared/snapshot.js';
import { TimeChart, type ChartSeries } from '../chart.js';
import { latencyText } from '../format.js';
import { SourceHead } from './source-head.js';

/** A probe from this machine: its last answer, and its latency over 24 h. */
export function ProbeCard({
  source,
  history,
}: {
  source: SourceSnapshot;
  history: ServiceHistory | undefined;
}) {
  const points = history?.latency.find((line) => line.sourceKey === source.key)?.points ?? [];
  const chart = useMemo(() => {
    const times = points.map((point) => point.at);
    const series: ChartSeries[] = [
      {
        label: 'mean',
        values: points.map((point) => Math.round(point.meanMs)),
        colorVar: '--chart-primary',
        fill: true,
      },
      {
        label: 'max',
        values: points.map((point) => Math.round(point.maxMs)),
        colorVar: '--chart-secondary',
        dashed: true,
      },
    ];
    return { times, series };
  }, [points]);
  const means = points.map((point) => point.meanMs).sort((a, b) => a - b);
  const median = means.length > 0 ? means[Math.floor(means.length / 2)] : undefined;
  const worst = points.reduce((max, point) => Math.max(max, point.maxMs), 0);
  return (
    <section class="card" aria-label={`Probe ${source.label}`}>
      <SourceHead source={source} />
      {points.length > 1 ? (
        <>
          <TimeChart
            times={chart.times}
            series={chart.series}
            unit=" ms"
            label={`Latency over 24 hours: typically ${latencyText(median ?? 0)}, at most ${latencyText(worst)}`}
          />
          <p class="muted small">
            24 h latency: typically {latencyText(median ?? 0)}, at most {latencyText(worst)}
          </p>
        </>
      ) : (
        <p class="muted small">Latency history appears after a few checks.</p>
      )}
    </section>
  );
}

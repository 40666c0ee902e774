import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/**
 * A small time chart drawn by uPlot (a real charting library, canvas, ~50 KB). Lines only;
 * what the chart says is also said in text beside it, for screen readers and for a glance.
 */
export interface ChartSeries {
  readonly label: string;
  /** One value per x; null leaves a gap (no data in that slot). */
  readonly values: readonly (number | null)[];
  /** A CSS custom property holding the colour, so themes change it: "--chart-primary". */
  readonly colorVar: string;
  readonly dashed?: boolean;
  readonly fill?: boolean;
}

export function TimeChart({
  times,
  series,
  label,
  height = 72,
  unit,
}: {
  /** Epoch ms, ascending. */
  times: readonly number[];
  series: readonly ChartSeries[];
  /** What the chart shows, for screen readers. */
  label: string;
  height?: number;
  unit: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element || times.length === 0) return;
    const color = (name: string): string => resolvedColor(element, name);
    const axisColor = color('--muted');
    const plot = new uPlot(
      {
        width: Math.max(120, element.clientWidth),
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        axes: [
          {
            stroke: axisColor,
            grid: { show: false },
            ticks: { show: false },
            size: 18,
            font: '10px system-ui',
          },
          {
            stroke: axisColor,
            grid: { stroke: color('--line'), width: 1 },
            ticks: { show: false },
            size: 36,
            font: '10px system-ui',
            values: (_plot, values) => values.map((value) => `${value}${unit}`),
          },
        ],
        series: [
          {},
          ...series.map((line) => ({
            label: line.label,
            stroke: color(line.colorVar),
            width: 1.5,
            ...(line.dashed ? { dash: [4, 3] } : {}),
            ...(line.fill ? { fill: `${color(line.colorVar)}33` } : {}),
            points: { show: false },
          })),
        ],
      },
      [times.map((at) => at / 1000), ...series.map((line) => [...line.values])] as uPlot.AlignedData,
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(120, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, height, unit]);
  return <div class="chart" ref={host} role="img" aria-label={label} />;
}

/**
 * A colour custom property as the canvas needs it. The palette is written as light-dark(…),
 * which only a real colour property resolves, so it is read back through one.
 */
function resolvedColor(host: HTMLElement, property: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${property})`;
  probe.hidden = true;
  host.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color || '#888';
}

import { useEffect, useRef } from 'preact/hooks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only what the console draws, so the bundle carries no unused chart types.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours with at least 3:1 contrast against white (WCAG non-text contrast), told apart also by dash. */
export const SERIES_COLOURS = ['#1f5fa8', '#b3461b', '#2e7d32', '#6a3d9a', '#8a6d00'];

export interface Series {
  label: string;
  values: (number | null)[];
}

interface ChartProps {
  kind: 'line' | 'bar';
  title: string;
  labels: string[];
  series: Series[];
  unit?: string;
  /** Horizontal bars whose values are [low, high] ranges (confidence sequences). */
  ranges?: { label: string; values: ([number, number] | null)[] };
}

/**
 * A chart with a text alternative: the canvas is an image labelled with the title, and the same numbers
 * sit in a table behind a disclosure, for screen readers and for copying.
 */
export function ChartView({ kind, title, labels, series, unit, ranges }: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const datasets = ranges
      ? [{ label: ranges.label, data: ranges.values as unknown as number[], backgroundColor: SERIES_COLOURS[0] }]
      : series.map((s, i) => ({
          label: s.label,
          data: s.values as number[],
          borderColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
          backgroundColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
          borderDash: kind === 'line' ? [[], [6, 3], [2, 2], [8, 2, 2, 2], [1, 4]][i % 5] : undefined,
          spanGaps: true,
        }));
    const config: ChartConfiguration = {
      type: kind,
      data: { labels, datasets },
      options: {
        indexAxis: ranges ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 || !!ranges } },
        scales: { y: { title: { display: !!unit && !ranges, text: unit ?? '' } }, x: { title: { display: !!unit && !!ranges, text: unit ?? '' } } },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [kind, JSON.stringify(labels), JSON.stringify(series), JSON.stringify(ranges), unit]);

  const rows = ranges ? [ranges] : series;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={`${title}: chart; the same data is in the table below`} data-chart={title} />
      </div>
      <details>
        <summary>Show as table</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{ranges ? 'variant' : ''}</th>
                {rows.map((s) => (
                  <th scope="col">{s.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr>
                  <th scope="row">{label}</th>
                  {rows.map((s) => (
                    <td>{formatCell(s.values[i])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function formatCell(value: number | null | [number, number] | undefined): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return `[${formatNumber(value[0])}, ${formatNumber(value[1])}]`;
  return formatNumber(value);
}

export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number(value.toPrecision(digits)).toString();
}

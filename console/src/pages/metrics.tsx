import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { ChartView } from '../chart';
import { accuracyByVersion, type AccuracyByVersion, type Availability } from '../evaluations-model';
import { ErrorMessage, Notice } from '../ui';

interface Quantiles {
  p50?: number | null;
  p95?: number | null;
  p99?: number | null;
}
interface VersionRow {
  promptVersion: string;
  count: number;
  successRate?: number | null;
  latencyMs?: Quantiles;
  meanCostUsd?: number | null;
  totalCostUsd?: number;
  meanFieldCompleteness?: number | null;
}
interface Point {
  hour: string;
  count: number;
  successRate?: number | null;
  latencyMs?: Quantiles;
  totalCostUsd?: number;
  meanFieldCompleteness?: number | null;
}

const WINDOWS = [
  { hours: 24, label: 'last 24 hours' },
  { hours: 24 * 7, label: 'last 7 days' },
  { hours: 24 * 30, label: 'last 30 days' },
];

const percent = (v: number | null | undefined) => (v == null ? null : v * 100);

export function MetricsPage({ api, active }: { api: Api; active: boolean }) {
  const [hours, setHours] = useState(24);
  const [filter, setFilter] = useState('');
  const [versions, setVersions] = useState<VersionRow[] | null>(null);
  const [points, setPoints] = useState<Point[] | null>(null);
  const [accuracy, setAccuracy] = useState<Availability<AccuracyByVersion[]> | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  async function load() {
    const version = filter.trim();
    if (version && !/^[a-z][a-z0-9-]{1,62}@[1-9][0-9]{0,5}$/.test(version)) {
      setProblem('A prompt version looks like clinical-summary@2.');
      return;
    }
    setProblem(null);
    setLoading(true);
    const to = new Date();
    const from = new Date(to.getTime() - hours * 3600_000);
    const query = `?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}${version ? `&promptVersion=${encodeURIComponent(version)}` : ''}`;
    try {
      const [byVersion, series] = await Promise.all([
        api.get<{ versions: VersionRow[] }>(`/api/metrics/versions${query}`),
        api.get<{ points: Point[] }>(`/api/metrics/timeseries${query}`),
      ]);
      setVersions(byVersion.versions);
      setPoints(series.points);
      setAccuracy(await accuracyByVersion(api, query).catch(() => ({ available: false }) as const));
    } catch (error) {
      setProblem(error);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    if (active && versions === null && !loading) load();
  }, [active]);

  const names = versions?.map((v) => v.promptVersion) ?? [];
  const hoursLabels = points?.map((p) => p.hour.slice(5, 16).replace('T', ' ')) ?? [];
  const scored = accuracy?.available ? accuracy.value.filter((v) => v.runs > 0) : [];
  const runTimes = [...new Set(scored.flatMap((v) => v.points.map((p) => p.completedAt)))].sort();

  return (
    <section aria-labelledby="metrics-title">
      <h1 id="metrics-title">Metrics per prompt version</h1>
      <form
        class="card toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label for="metrics-window">Window</label>
        <select id="metrics-window" value={hours} onChange={(e) => setHours(Number((e.currentTarget as HTMLSelectElement).value))}>
          {WINDOWS.map((w) => (
            <option value={w.hours}>{w.label}</option>
          ))}
        </select>
        <label for="metrics-version">Prompt version (optional)</label>
        <input id="metrics-version" value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} placeholder="clinical-summary@2" />
        <button type="submit" disabled={loading}>
          {loading ? 'Loading…' : 'Show'}
        </button>
      </form>
      <ErrorMessage error={problem} />
      {versions && versions.length === 0 && <Notice>No extractions finished in this window.</Notice>}
      {versions && versions.length > 0 && (
        <div class="grid">
          <ChartView
            kind="bar"
            title="Latency percentiles by prompt version"
            unit="ms"
            labels={names}
            series={[
              { label: 'p50', values: versions.map((v) => v.latencyMs?.p50 ?? null) },
              { label: 'p95', values: versions.map((v) => v.latencyMs?.p95 ?? null) },
              { label: 'p99', values: versions.map((v) => v.latencyMs?.p99 ?? null) },
            ]}
          />
          <ChartView kind="bar" title="Success rate by prompt version" unit="%" labels={names} series={[{ label: 'success rate', values: versions.map((v) => percent(v.successRate)) }]} />
          <ChartView kind="bar" title="Mean cost per extraction" unit="USD" labels={names} series={[{ label: 'mean cost', values: versions.map((v) => v.meanCostUsd ?? null) }]} />
          <ChartView
            kind="bar"
            title="Mean field completeness by prompt version"
            unit="%"
            labels={names}
            series={[{ label: 'completeness', values: versions.map((v) => percent(v.meanFieldCompleteness)) }]}
          />
          {scored.length > 0 ? (
            <ChartView
              kind="bar"
              title="Exact-document accuracy (latest evaluation run) by prompt version"
              unit="%"
              labels={scored.map((v) => v.promptVersion)}
              series={[
                { label: 'latest run', values: scored.map((v) => v.latestAccuracy * 100) },
                { label: 'mean of runs', values: scored.map((v) => v.meanAccuracy * 100) },
              ]}
            />
          ) : (
            <Notice>{accuracy?.available === false ? 'Accuracy needs evaluation runs, which this deployment does not offer.' : 'No evaluation run completed in this window: accuracy shows once one has.'}</Notice>
          )}
        </div>
      )}
      {points && points.length > 0 && (
        <>
          <h2>Over time (per UTC hour)</h2>
          <div class="grid">
            <ChartView
              kind="line"
              title="Latency percentiles over time"
              unit="ms"
              labels={hoursLabels}
              series={[
                { label: 'p50', values: points.map((p) => p.latencyMs?.p50 ?? null) },
                { label: 'p95', values: points.map((p) => p.latencyMs?.p95 ?? null) },
                { label: 'p99', values: points.map((p) => p.latencyMs?.p99 ?? null) },
              ]}
            />
            <ChartView kind="line" title="Success rate over time" unit="%" labels={hoursLabels} series={[{ label: 'success rate', values: points.map((p) => percent(p.successRate)) }]} />
            <ChartView kind="line" title="Cost per hour" unit="USD" labels={hoursLabels} series={[{ label: 'cost', values: points.map((p) => p.totalCostUsd ?? null) }]} />
            {runTimes.length > 0 && (
              <ChartView
                kind="line"
                title="Evaluation accuracy by run completion"
                unit="%"
                labels={runTimes.map((t) => t.slice(0, 16).replace('T', ' '))}
                series={scored.map((v) => ({
                  label: v.promptVersion,
                  values: runTimes.map((t) => {
                    const point = v.points.find((p) => p.completedAt === t);
                    return point ? point.exactDocumentAccuracy * 100 : null;
                  }),
                }))}
              />
            )}
            <ChartView
              kind="line"
              title="Field completeness over time"
              unit="%"
              labels={hoursLabels}
              series={[{ label: 'completeness', values: points.map((p) => percent(p.meanFieldCompleteness)) }]}
            />
          </div>
        </>
      )}
    </section>
  );
}

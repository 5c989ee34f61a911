import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Session } from '../auth';
import { ChartView, formatNumber } from '../chart';
import { ErrorMessage, Notice } from '../ui';

interface Experiment {
  experimentId: string;
  name: string;
  label: string;
  status: string;
  version: number;
  variants: { name: string; promptVersion: string; weight: number }[];
  primaryMetric: string;
  minimumDetectableEffect: number;
  promotedVariant?: string;
  previousLabelVersion?: string;
}
/** One page of GET /api/experiments, newest first; no nextToken on the last page. */
interface ExperimentPage {
  experiments: Experiment[];
  nextToken?: string;
}
interface Results {
  looks?: number;
  plan?: { expectedDuration?: string; requiredSampleSizePerVariant?: Record<string, number> | null };
  variants: {
    name: string;
    promptVersion: string;
    n: number;
    mean?: number | null;
    effectVsControl?: number | null;
    alwaysValidPValue?: number | null;
    adjustedPValue?: number | null;
    confidenceSequence?: [number, number] | null;
    boundary?: string;
    guardrails?: { metric: string; effectVsControl?: number | null; alwaysValidPValue?: number | null; worse: boolean }[];
  }[];
  recommendation: { action: string; variant?: string | null; reasons: string[] };
}

/**
 * Whether Promote may be pressed, and if not why. The API promotes only what the sequential analysis recommends
 * (PROMOTE of a variant; anything else answers 409 with the reasons), so the button follows the recommendation.
 */
export function promoteAvailability(results: Results | null, canAdmin: boolean): { enabled: boolean; reason: string | null } {
  if (!canAdmin) return { enabled: false, reason: 'Promoting needs the admin scope, which your sign-in does not have.' };
  if (!results) return { enabled: false, reason: 'Promotion follows the analysis: waiting for the results.' };
  const r = results.recommendation;
  if (r.action !== 'PROMOTE' || !r.variant) {
    const why = r.reasons.length > 0 ? `: ${r.reasons[0]}` : '';
    return { enabled: false, reason: `Promotion follows the analysis, which recommends ${r.action}, not PROMOTE${why}.` };
  }
  return { enabled: true, reason: null };
}

const SPLITS = ['50/50', '80/20', '95/5'] as const;
const METRICS = ['FIELD_COMPLETENESS', 'SUCCESS_RATE', 'LATENCY', 'COST'] as const;
const RESULTS_POLL_MS = 30_000;

interface Draft {
  name: string;
  label: string;
  control: string;
  variant: string;
  split: (typeof SPLITS)[number];
  primaryMetric: (typeof METRICS)[number];
  mde: string;
  alpha: string;
  power: string;
}

/** The request body, or a sentence naming the first field that is wrong. */
export function experimentBody(d: Draft): Record<string, unknown> | string {
  if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/.test(d.name)) return 'Name: 1 to 100 letters, digits, spaces, "_", "." or "-".';
  const version = /^[a-z][a-z0-9-]{1,62}@[1-9][0-9]{0,5}$/;
  if (!version.test(d.control)) return 'Control prompt version: like clinical-summary@1.';
  if (!version.test(d.variant)) return 'Variant prompt version: like clinical-summary@2.';
  if (d.control === d.variant) return 'Control and variant must use different prompt versions.';
  if (d.label && !/^[a-z][a-z0-9-]{0,31}$/.test(d.label)) return 'Label: lower-case letters, digits and "-", or empty for the default.';
  const mde = Number(d.mde);
  const alpha = Number(d.alpha);
  const power = Number(d.power);
  if (!(mde > 0)) return 'Minimum detectable effect must be a number above 0.';
  if (!(alpha > 0 && alpha <= 0.2)) return 'Alpha must be above 0 and at most 0.2.';
  if (!(power >= 0.5 && power <= 0.99)) return 'Power must be between 0.5 and 0.99.';
  return {
    name: d.name,
    ...(d.label ? { label: d.label } : {}),
    variants: [
      { name: 'control', promptVersion: d.control },
      { name: 'candidate', promptVersion: d.variant },
    ],
    split: d.split,
    primaryMetric: d.primaryMetric,
    minimumDetectableEffect: mde,
    alpha,
    power,
  };
}

export function ExperimentsPage({ api, session, active }: { api: Api; session: Session; active: boolean }) {
  const [list, setList] = useState<Experiment[] | null>(null);
  const [nextToken, setNextToken] = useState<string | null>(null);
  const [selected, setSelected] = useState<Experiment | null>(null);
  const [results, setResults] = useState<Results | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [formProblem, setFormProblem] = useState<unknown>(null);
  const [draft, setDraft] = useState<Draft>({
    name: '',
    label: '',
    control: 'clinical-summary@1',
    variant: 'clinical-summary@2',
    split: '50/50',
    primaryMetric: 'FIELD_COMPLETENESS',
    mde: '0.05',
    alpha: '0.05',
    power: '0.8',
  });
  const timer = useRef<number | null>(null);

  async function refreshList() {
    try {
      const page = await api.get<ExperimentPage>('/api/experiments');
      setList(page.experiments);
      setNextToken(page.nextToken ?? null);
    } catch (error) {
      setProblem(error);
    }
  }

  async function loadMore() {
    if (nextToken === null) return;
    try {
      const page = await api.get<ExperimentPage>(`/api/experiments?nextToken=${encodeURIComponent(nextToken)}`);
      setList([...(list ?? []), ...page.experiments]);
      setNextToken(page.nextToken ?? null);
    } catch (error) {
      setProblem(error);
    }
  }

  useEffect(() => {
    if (active && list === null) refreshList();
  }, [active]);
  useEffect(() => () => stopPolling(), []);

  function stopPolling() {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  }

  async function open(experiment: Experiment) {
    stopPolling();
    setProblem(null);
    setSelected(experiment);
    setResults(null);
    await loadResults(experiment);
  }

  async function loadResults(experiment: Experiment) {
    if (experiment.status === 'DRAFT') return;
    try {
      setResults(await api.get<Results>(`/api/experiments/${experiment.experimentId}/results`));
    } catch (error) {
      setProblem(error);
    }
    if (experiment.status === 'RUNNING') {
      timer.current = window.setTimeout(() => loadResults(experiment), RESULTS_POLL_MS);
    }
  }

  async function create(event: Event) {
    event.preventDefault();
    const body = experimentBody(draft);
    if (typeof body === 'string') {
      setFormProblem(body);
      return;
    }
    setFormProblem(null);
    try {
      const created = await api.send<Experiment>('POST', '/api/experiments', body);
      await refreshList();
      await open(created);
    } catch (error) {
      setFormProblem(error);
    }
  }

  async function act(action: 'start' | 'stop' | 'promote' | 'rollback') {
    if (!selected) return;
    if (action === 'promote' && !promote.enabled) return; // aria-disabled keeps it focusable, not inert
    setProblem(null);
    try {
      const next = await api.send<Experiment>('POST', `/api/experiments/${selected.experimentId}/${action}`);
      await refreshList();
      await open(next);
    } catch (error) {
      setProblem(error);
    }
  }

  const field = (key: keyof Draft) => ({
    value: draft[key],
    onInput: (e: Event) => setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value }),
  });
  const canWrite = session.can('write');
  const canAdmin = session.can('admin');
  const promote = promoteAvailability(results, canAdmin);

  return (
    <section aria-labelledby="experiments-title">
      <h1 id="experiments-title">Experiments</h1>
      <div class="columns">
        <form class="card" onSubmit={create}>
          <h2>New experiment</h2>
          <label for="exp-name">Name</label>
          <input id="exp-name" required {...field('name')} />
          <label for="exp-label">Label (empty: the platform's default)</label>
          <input id="exp-label" {...field('label')} placeholder="production" />
          <label for="exp-control">Control prompt version</label>
          <input id="exp-control" {...field('control')} />
          <label for="exp-variant">Variant prompt version</label>
          <input id="exp-variant" {...field('variant')} />
          <fieldset>
            <legend>Traffic split (control/variant)</legend>
            {SPLITS.map((s) => (
              <label class="inline">
                <input type="radio" name="exp-split" checked={draft.split === s} onChange={() => setDraft({ ...draft, split: s })} />
                {s}
              </label>
            ))}
          </fieldset>
          <label for="exp-metric">Primary metric</label>
          <select id="exp-metric" value={draft.primaryMetric} onChange={(e) => setDraft({ ...draft, primaryMetric: (e.currentTarget as HTMLSelectElement).value as Draft['primaryMetric'] })}>
            {METRICS.map((m) => (
              <option value={m}>{m.toLowerCase().replace('_', ' ')}</option>
            ))}
          </select>
          <label for="exp-mde">Minimum detectable effect (absolute)</label>
          <input id="exp-mde" inputMode="decimal" {...field('mde')} />
          <label for="exp-alpha">Alpha</label>
          <input id="exp-alpha" inputMode="decimal" {...field('alpha')} />
          <label for="exp-power">Power</label>
          <input id="exp-power" inputMode="decimal" {...field('power')} />
          <ErrorMessage error={formProblem} />
          <button type="submit" disabled={!canWrite}>
            Create
          </button>
          {!canWrite && <p class="help">Your sign-in may only read.</p>}
        </form>
        <div class="card">
          <h2>All experiments</h2>
          <button type="button" class="secondary" onClick={refreshList}>
            Refresh
          </button>
          {list && list.length === 0 && <p>No experiments yet.</p>}
          {list && list.length > 0 && (
            <ul class="pick-list">
              {list.map((e) => (
                <li>
                  <button type="button" class="link" aria-pressed={selected?.experimentId === e.experimentId} onClick={() => open(e)}>
                    {e.name}
                  </button>{' '}
                  <span class={`badge status-${e.status.toLowerCase()}`}>{e.status}</span>
                </li>
              ))}
            </ul>
          )}
          {nextToken !== null && (
            <button type="button" class="secondary" onClick={loadMore}>
              Show older experiments
            </button>
          )}
        </div>
      </div>
      <ErrorMessage error={problem} />
      {selected && (
        <div class="card" aria-live="polite">
          <h2>
            {selected.name} <span class={`badge status-${selected.status.toLowerCase()}`}>{selected.status}</span>
          </h2>
          <p>
            Label <code>{selected.label}</code>; {selected.variants.map((v) => `${v.name} ${v.promptVersion} (${v.weight} %)`).join(' vs ')}; primary metric{' '}
            {selected.primaryMetric}.
          </p>
          <div class="actions">
            {selected.status === 'DRAFT' && (
              <button type="button" onClick={() => act('start')} disabled={!canWrite}>
                Start
              </button>
            )}
            {selected.status === 'RUNNING' && (
              <button type="button" class="secondary" onClick={() => act('stop')} disabled={!canWrite}>
                Stop
              </button>
            )}
            {(selected.status === 'RUNNING' || selected.status === 'STOPPED') && (
              // aria-disabled rather than disabled: it stays focusable, so a screen reader announces why.
              <button type="button" onClick={() => act('promote')} aria-disabled={!promote.enabled}
                aria-describedby={!canAdmin ? 'admin-help' : promote.reason ? 'promote-help' : undefined}>
                Promote recommended variant
              </button>
            )}
            {selected.status === 'PROMOTED' && (
              <button type="button" class="danger" onClick={() => act('rollback')} disabled={!canAdmin} aria-describedby="admin-help">
                Roll back to {selected.previousLabelVersion ?? 'the previous version'}
              </button>
            )}
          </div>
          {canAdmin && promote.reason && (selected.status === 'RUNNING' || selected.status === 'STOPPED') && (
            <p id="promote-help" class="help">
              {promote.reason}
            </p>
          )}
          {!canAdmin && (
            <p id="admin-help" class="help">
              Promoting and rolling back need the admin scope, which your sign-in does not have.
            </p>
          )}
          {results && <ResultsView results={results} />}
          {!results && selected.status === 'DRAFT' && <Notice>Start the experiment to see results.</Notice>}
        </div>
      )}
    </section>
  );
}

function ResultsView({ results }: { results: Results }) {
  const treatments = results.variants.slice(1);
  const r = results.recommendation;
  return (
    <>
      <div class={`recommendation action-${r.action.toLowerCase()}`}>
        <h3>
          Recommendation: {r.action}
          {r.variant ? ` ${r.variant}` : ''}
        </h3>
        <ul>
          {r.reasons.map((reason) => (
            <li>{reason}</li>
          ))}
        </ul>
        <p class="help">
          {results.looks ?? 0} hourly looks so far{results.plan?.expectedDuration ? `; ${results.plan.expectedDuration}` : ''}.
        </p>
      </div>
      <div class="grid">
        <ChartView kind="bar" title="Observations per variant" labels={results.variants.map((v) => v.name)} series={[{ label: 'n', values: results.variants.map((v) => v.n) }]} />
        <ChartView kind="bar" title="Primary metric mean per variant" labels={results.variants.map((v) => v.name)} series={[{ label: 'mean', values: results.variants.map((v) => v.mean ?? null) }]} />
        {treatments.length > 0 && (
          <ChartView
            kind="bar"
            title="Effect vs control: always-valid confidence sequence"
            labels={treatments.map((v) => v.name)}
            series={[]}
            ranges={{ label: 'variant − control', values: treatments.map((v) => v.confidenceSequence ?? null) }}
          />
        )}
      </div>
      <div class="table-scroll">
        <table>
          <caption>Sequential test per variant</caption>
          <thead>
            <tr>
              <th scope="col">variant</th>
              <th scope="col">prompt version</th>
              <th scope="col">n</th>
              <th scope="col">mean</th>
              <th scope="col">effect</th>
              <th scope="col">p (always valid)</th>
              <th scope="col">p (adjusted)</th>
              <th scope="col">boundary</th>
              <th scope="col">guardrails worse</th>
            </tr>
          </thead>
          <tbody>
            {results.variants.map((v) => (
              <tr>
                <th scope="row">{v.name}</th>
                <td>{v.promptVersion}</td>
                <td>{v.n}</td>
                <td>{formatNumber(v.mean)}</td>
                <td>{formatNumber(v.effectVsControl)}</td>
                <td>{formatNumber(v.alwaysValidPValue)}</td>
                <td>{formatNumber(v.adjustedPValue)}</td>
                <td>{v.boundary ?? '–'}</td>
                <td>{v.guardrails?.filter((g) => g.worse).map((g) => g.metric).join(', ') || 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

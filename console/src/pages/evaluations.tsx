import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { ChartView, formatNumber } from '../chart';
import { getEvaluation, listEvaluations, type EvaluationList, type EvaluationRun } from '../evaluations-model';
import { ErrorMessage, Notice } from '../ui';

export function EvaluationsPage({ api, active }: { api: Api; active: boolean }) {
  const [list, setList] = useState<EvaluationList | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [runs, setRuns] = useState<EvaluationRun[]>([]);
  const [problem, setProblem] = useState<unknown>(null);

  async function refresh() {
    setProblem(null);
    try {
      setList(await listEvaluations(api));
    } catch (error) {
      setProblem(error);
    }
  }
  useEffect(() => {
    if (active && list === null) refresh();
  }, [active]);

  async function compare(event: Event) {
    event.preventDefault();
    if (chosen.length < 1) {
      setProblem('Choose at least one run.');
      return;
    }
    setProblem(null);
    try {
      setRuns(await Promise.all(chosen.map((id) => getEvaluation(api, id))));
    } catch (error) {
      setProblem(error);
    }
  }

  const fields = [...new Set(runs.flatMap((r) => Object.keys(r.fieldAccuracy)))].sort();
  const metricNames = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();

  return (
    <section aria-labelledby="evaluations-title">
      <h1 id="evaluations-title">Evaluation runs</h1>
      <ErrorMessage error={problem} />
      {list?.available === false && (
        <Notice>Evaluation runs are not available on this deployment (the API has no /api/evaluations route).</Notice>
      )}
      {list?.available && list.runs.length === 0 && <Notice>No evaluation runs yet.</Notice>}
      {list?.available && list.runs.length > 0 && (
        <form class="card" onSubmit={compare}>
          <fieldset>
            <legend>Runs to compare side by side</legend>
            {list.runs.map((run) => (
              <label class="block">
                <input
                  type="checkbox"
                  checked={chosen.includes(run.id)}
                  onChange={(e) =>
                    setChosen((e.currentTarget as HTMLInputElement).checked ? [...chosen, run.id] : chosen.filter((id) => id !== run.id))
                  }
                />
                {run.name} · {run.promptVersion ?? 'unknown version'} · {run.status}
                {run.createdAt ? ` · ${run.createdAt}` : ''}
              </label>
            ))}
          </fieldset>
          <button type="submit">Compare</button>{' '}
          <button type="button" class="secondary" onClick={refresh}>
            Refresh
          </button>
        </form>
      )}
      {runs.length > 0 && (
        <>
          <div class="table-scroll">
            <table>
              <caption>Runs side by side</caption>
              <thead>
                <tr>
                  <th scope="col">measure</th>
                  {runs.map((r) => (
                    <th scope="col">
                      {r.name}
                      <br />
                      {r.promptVersion}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">status</th>
                  {runs.map((r) => (
                    <td>{r.status}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">accuracy</th>
                  {runs.map((r) => (
                    <td>{formatNumber(r.accuracy)}</td>
                  ))}
                </tr>
                {metricNames.map((m) => (
                  <tr>
                    <th scope="row">{m}</th>
                    {runs.map((r) => (
                      <td>{formatNumber(r.metrics[m])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {fields.length > 0 ? (
            <ChartView
              kind="bar"
              title="Accuracy per field"
              unit="%"
              labels={fields}
              series={runs.map((r) => ({
                label: `${r.name} (${r.promptVersion ?? r.id})`,
                values: fields.map((f) => (r.fieldAccuracy[f] === undefined ? null : r.fieldAccuracy[f] * 100)),
              }))}
            />
          ) : (
            <Notice>These runs carry no per-field accuracy.</Notice>
          )}
        </>
      )}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Session } from '../auth';
import { ChartView, formatNumber } from '../chart';
import {
  compareRuns,
  fieldF1,
  getRun,
  listRuns,
  listSets,
  type Availability,
  type EvaluationRun,
  type EvaluationSet,
} from '../evaluations-model';
import { ErrorMessage, Notice } from '../ui';

const percent = (v: number | undefined | null) => (v == null ? '–' : `${formatNumber(v * 100, 3)} %`);

export function EvaluationsPage({ api, session, active }: { api: Api; session: Session; active: boolean }) {
  const [sets, setSets] = useState<Availability<EvaluationSet[]> | null>(null);
  const [setName, setSetName] = useState('');
  const [runs, setRuns] = useState<EvaluationRun[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [compared, setCompared] = useState<EvaluationRun[]>([]);
  const [pairing, setPairing] = useState<Record<string, unknown> | null>(null);
  const [newVersion, setNewVersion] = useState('');
  const [problem, setProblem] = useState<unknown>(null);

  async function refresh() {
    setProblem(null);
    try {
      const found = await listSets(api);
      setSets(found);
      if (found.available && !setName && found.value.length > 0) await chooseSet(found.value[0].name);
    } catch (error) {
      setProblem(error);
    }
  }
  useEffect(() => {
    if (active && sets === null) refresh();
  }, [active]);

  async function chooseSet(name: string) {
    setSetName(name);
    setChosen([]);
    setCompared([]);
    setPairing(null);
    setProblem(null);
    try {
      setRuns(await listRuns(api, name));
    } catch (error) {
      setProblem(error);
    }
  }

  async function compare(event: Event) {
    event.preventDefault();
    if (chosen.length < 1) {
      setProblem('Choose at least one run.');
      return;
    }
    setProblem(null);
    setPairing(null);
    try {
      const loaded = await Promise.all(chosen.map((id) => getRun(api, id)));
      setCompared(loaded);
      if (loaded.length === 2 && loaded.every((r) => r.state === 'COMPLETED')) {
        setPairing((await compareRuns(api, loaded[0].runId, loaded[1].runId)).comparison);
      }
    } catch (error) {
      setProblem(error);
    }
  }

  async function startRun(event: Event) {
    event.preventDefault();
    const version = newVersion.trim();
    if (!/^[a-z][a-z0-9-]{1,62}@[1-9][0-9]{0,5}$/.test(version)) {
      setProblem('A prompt version looks like clinical-summary@2.');
      return;
    }
    setProblem(null);
    try {
      await api.send('POST', '/api/evaluations', { set: setName, promptVersion: version }, { 'Idempotency-Key': `console-${crypto.randomUUID()}` });
      await chooseSet(setName);
    } catch (error) {
      setProblem(error);
    }
  }

  const names = sets?.available ? [...new Set(sets.value.map((s) => s.name))] : [];
  const perField = compared.map(fieldF1);
  const fields = [...new Set(perField.flatMap((f) => Object.keys(f)))].sort();

  return (
    <section aria-labelledby="evaluations-title">
      <h1 id="evaluations-title">Evaluation runs</h1>
      <ErrorMessage error={problem} />
      {sets?.available === false && <Notice>Evaluation runs are not available on this deployment (the API has no evaluation routes).</Notice>}
      {sets?.available && names.length === 0 && <Notice>No evaluation sets yet: create one through POST /api/evaluation-sets.</Notice>}
      {sets?.available && names.length > 0 && (
        <div class="columns">
          <div class="card">
            <label for="eval-set">Evaluation set</label>
            <select id="eval-set" value={setName} onChange={(e) => chooseSet((e.currentTarget as HTMLSelectElement).value)}>
              {names.map((n) => (
                <option value={n}>{n}</option>
              ))}
            </select>
            <button type="button" class="secondary" onClick={refresh}>
              Refresh
            </button>
          </div>
          <form class="card" onSubmit={startRun}>
            <label for="eval-version">Run this set with prompt version</label>
            <input id="eval-version" value={newVersion} onInput={(e) => setNewVersion((e.currentTarget as HTMLInputElement).value)} placeholder="clinical-summary@2" />
            <button type="submit" disabled={!session.can('write')}>
              Start run
            </button>
          </form>
        </div>
      )}
      {runs && runs.length === 0 && <Notice>No runs of {setName} yet.</Notice>}
      {runs && runs.length > 0 && (
        <form class="card" onSubmit={compare}>
          <fieldset>
            <legend>Runs to compare side by side</legend>
            {runs.map((run) => (
              <label class="block">
                <input
                  type="checkbox"
                  checked={chosen.includes(run.runId)}
                  onChange={(e) =>
                    setChosen((e.currentTarget as HTMLInputElement).checked ? [...chosen, run.runId] : chosen.filter((id) => id !== run.runId))
                  }
                />
                {run.set} · {run.promptVersion} · {run.state === 'COMPLETED' ? `accuracy ${percent(run.exactDocumentAccuracy)}` : `running (${run.progress?.finished ?? 0}/${run.progress?.documents ?? '?'})`} · {run.createdAt}
              </label>
            ))}
          </fieldset>
          <button type="submit">Compare</button>
        </form>
      )}
      {compared.length > 0 && (
        <>
          <div class="table-scroll">
            <table>
              <caption>Runs side by side</caption>
              <thead>
                <tr>
                  <th scope="col">measure</th>
                  {compared.map((r) => (
                    <th scope="col">
                      {r.promptVersion}
                      <br />
                      {r.set}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">state</th>
                  {compared.map((r) => (
                    <td>{r.state}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">model</th>
                  {compared.map((r) => (
                    <td>{r.modelId}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">exact-document accuracy</th>
                  {compared.map((r) => (
                    <td>{percent(r.exactDocumentAccuracy ?? r.scores?.exactDocumentAccuracy)}</td>
                  ))}
                </tr>
                {(['precision', 'recall', 'f1'] as const).map((m) => (
                  <tr>
                    <th scope="row">overall {m}</th>
                    {compared.map((r) => (
                      <td>{formatNumber(r.scores?.overall?.[m])}</td>
                    ))}
                  </tr>
                ))}
                <tr>
                  <th scope="row">documents</th>
                  {compared.map((r) => (
                    <td>{r.scores?.documents ?? r.progress?.documents ?? '–'}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          {pairing && (
            <Notice>
              Paired comparison (same documents): better is <strong>{String(pairing.better)}</strong>.
            </Notice>
          )}
          {fields.length > 0 ? (
            <ChartView
              kind="bar"
              title="Accuracy per field (F1)"
              unit="%"
              labels={fields}
              series={compared.map((r, i) => ({
                label: `${r.promptVersion} (${r.set})`,
                values: fields.map((f) => (perField[i][f] === undefined ? null : perField[i][f] * 100)),
              }))}
            />
          ) : (
            <Notice>Per-field scores show once a run has completed.</Notice>
          )}
        </>
      )}
    </section>
  );
}

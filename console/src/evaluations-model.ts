import { ApiError, type Api } from './api';

/**
 * Evaluation sets and runs (GET /api/evaluation-sets, GET /api/evaluations?set=, GET /api/evaluations/{id},
 * GET /api/evaluations/compare, GET /api/metrics/evaluations). A deployment without these routes answers 404 (or
 * API Gateway's 403 MISSING_AUTHENTICATION_TOKEN for an unknown path): the console then says "not available".
 */
export interface FieldScore {
  kind?: string;
  matched?: number;
  missing?: number;
  wrong?: number;
  extra?: number;
  precision?: number;
  recall?: number;
  f1?: number;
}

export interface EvaluationScores {
  documents?: number;
  exactDocuments?: number;
  exactDocumentAccuracy?: number;
  overall?: FieldScore;
  fields?: Record<string, FieldScore>;
  lists?: Record<string, FieldScore>;
}

export interface EvaluationRun {
  runId: string;
  set: string;
  promptVersion: string;
  modelId: string;
  state: string;
  createdAt: string;
  completedAt?: string;
  progress?: { documents?: number; finished?: number };
  exactDocumentAccuracy?: number;
  scores?: EvaluationScores;
}

export interface EvaluationSet {
  set: string;
  name: string;
  version: number;
  template: string;
  state: string;
  documentCount: number;
}

export interface AccuracyByVersion {
  promptVersion: string;
  runs: number;
  meanAccuracy: number;
  latestAccuracy: number;
  points: { completedAt: string; set: string; runId: string; exactDocumentAccuracy: number }[];
}

export type Availability<T> = { available: false } | { available: true; value: T };

/** True for the answers of a deployment that has no evaluation routes. */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || (error.status === 403 && error.code === 'MISSING_AUTHENTICATION_TOKEN'));
}

async function orUnavailable<T>(call: () => Promise<T>): Promise<Availability<T>> {
  try {
    return { available: true, value: await call() };
  } catch (error) {
    if (isMissingRoute(error)) return { available: false };
    throw error;
  }
}

export function listSets(api: Api): Promise<Availability<EvaluationSet[]>> {
  return orUnavailable(async () => (await api.get<{ evaluationSets: EvaluationSet[] }>('/api/evaluation-sets')).evaluationSets ?? []);
}

export async function listRuns(api: Api, setName: string): Promise<EvaluationRun[]> {
  return (await api.get<{ runs: EvaluationRun[] }>(`/api/evaluations?set=${encodeURIComponent(setName)}`)).runs ?? [];
}

export function getRun(api: Api, runId: string): Promise<EvaluationRun> {
  return api.get<EvaluationRun>(`/api/evaluations/${encodeURIComponent(runId)}`);
}

export function compareRuns(api: Api, baseline: string, candidate: string): Promise<{ comparison: Record<string, unknown> }> {
  return api.get(`/api/evaluations/compare?baseline=${encodeURIComponent(baseline)}&candidate=${encodeURIComponent(candidate)}`);
}

export function accuracyByVersion(api: Api, query: string): Promise<Availability<AccuracyByVersion[]>> {
  return orUnavailable(async () => (await api.get<{ versions: AccuracyByVersion[] }>(`/api/metrics/evaluations${query}`)).versions ?? []);
}

/** Per-field F1 of a run's scores: fields, then list items (marked "[]"). */
export function fieldF1(run: EvaluationRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, score] of Object.entries(run.scores?.fields ?? {})) {
    if (typeof score.f1 === 'number') out[name] = score.f1;
  }
  for (const [name, score] of Object.entries(run.scores?.lists ?? {})) {
    if (typeof score.f1 === 'number') out[`${name}[]`] = score.f1;
  }
  return out;
}

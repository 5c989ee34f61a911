import { ApiError, type Api } from './api';

/**
 * Evaluation runs (GET /api/evaluations, GET /api/evaluations/{id}). The routes are newer than the rest of
 * the API: a deployment without them answers 404 (or 403 from API Gateway for an unknown path), which the
 * console shows as "not available". The reader is lenient about member names it does not need.
 */
export interface EvaluationRun {
  id: string;
  name: string;
  promptVersion: string | null;
  status: string;
  createdAt: string | null;
  accuracy: number | null;
  fieldAccuracy: Record<string, number>;
  metrics: Record<string, number>;
}

export type EvaluationList = { available: false } | { available: true; runs: EvaluationRun[] };

export async function listEvaluations(api: Api): Promise<EvaluationList> {
  try {
    const body = await api.get<Record<string, unknown>>('/api/evaluations');
    const items = (['runs', 'evaluations', 'items'].map((k) => body?.[k]).find(Array.isArray) ?? []) as unknown[];
    return { available: true, runs: items.map(readRun) };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || (error.status === 403 && error.code === 'MISSING_AUTHENTICATION_TOKEN'))) {
      return { available: false };
    }
    throw error;
  }
}

export async function getEvaluation(api: Api, id: string): Promise<EvaluationRun> {
  return readRun(await api.get<unknown>(`/api/evaluations/${encodeURIComponent(id)}`));
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const n = typeof inner === 'number' ? inner : numberOr((inner as Record<string, unknown> | null)?.accuracy);
      if (n !== null) out[key] = n;
    }
  }
  return out;
}

export function readRun(raw: unknown): EvaluationRun {
  const run = (raw ?? {}) as Record<string, unknown>;
  const summary = (run.summary ?? run.scores ?? run.result ?? {}) as Record<string, unknown>;
  const id = String(run.runId ?? run.evaluationId ?? run.id ?? '');
  const metrics = numbers(summary);
  return {
    id,
    name: String(run.name ?? run.evaluationSet ?? run.setName ?? id),
    promptVersion: typeof run.promptVersion === 'string' ? run.promptVersion : null,
    status: String(run.status ?? 'UNKNOWN'),
    createdAt: typeof run.createdAt === 'string' ? run.createdAt : null,
    accuracy: numberOr(run.accuracy) ?? numberOr(summary.accuracy) ?? numberOr(summary.overallAccuracy),
    fieldAccuracy: numbers(run.fieldAccuracy ?? summary.fieldAccuracy ?? summary.perField ?? run.fields),
    metrics,
  };
}

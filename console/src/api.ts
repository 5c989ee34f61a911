import type { Session } from './auth';

/** A failed call: the API's own error body when it sent one, else a network or HTTP description. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** One sentence for the page, with the request id when the API gave one. */
  describe(): string {
    const id = this.requestId ? ` (request ${this.requestId})` : '';
    return `${this.message}${id}`;
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH', path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

export function createApi(baseUrl: string, session: Session): Api {
  async function call<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extra };
    const authorization = await session.authorization();
    if (authorization) headers.Authorization = authorization;
    // Every write says JSON, with or without a body: local mode refuses other writes (a page of another
    // origin can send text/plain or form types without a CORS preflight, never JSON).
    if (body !== undefined || method !== 'GET') headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', 'The API could not be reached. Check the connection and try again; nothing you entered was lost.');
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const error = (parsed ?? {}) as { error?: string; message?: string; requestId?: string };
      throw new ApiError(response.status, error.error ?? `http_${response.status}`, error.message ?? statusSentence(response.status), error.requestId);
    }
    return parsed as T;
  }
  return {
    get: (path) => call('GET', path),
    send: (method, path, body, headers) => call(method, path, body, headers),
  };
}

function statusSentence(status: number): string {
  if (status === 401) return 'Your sign-in has expired. Sign in again.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'Not found.';
  if (status === 413) return 'The document is too large.';
  if (status === 429) return 'Too many requests right now; wait a moment and try again.';
  return `The API answered HTTP ${status}.`;
}

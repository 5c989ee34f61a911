/** Runtime configuration, read from config.json next to index.html (written at deploy time, or by local mode). */
export type AuthConfig =
  | { mode: 'none' }
  | {
      mode: 'cognito';
      /** Hosted UI base URL, e.g. https://medextract-dev-123456789012.auth.us-east-1.amazoncognito.com */
      domain: string;
      clientId: string;
      /** Scopes to ask for, e.g. ["openid", "medextract/read", "medextract/write", "medextract/admin"]. */
      scopes: string[];
      /** Resource-server identifier of the API's scopes (the construct's cognitoScopePrefix). */
      scopePrefix: string;
    };

export interface ConsoleConfig {
  /** API stage URL without trailing slash; "" means the console's own origin (local mode). */
  apiBaseUrl: string;
  auth: AuthConfig;
}

export class ConfigError extends Error {}

export async function loadConfig(): Promise<ConsoleConfig> {
  let response: Response;
  try {
    response = await fetch('./config.json', { cache: 'no-store' });
  } catch {
    throw new ConfigError('config.json could not be fetched: check the network connection and reload.');
  }
  if (!response.ok) {
    throw new ConfigError(`config.json answered HTTP ${response.status}; the console cannot start without it.`);
  }
  return parseConfig(await response.json());
}

export function parseConfig(raw: unknown): ConsoleConfig {
  if (typeof raw !== 'object' || raw === null) {
    throw new ConfigError('config.json must hold a JSON object.');
  }
  const value = raw as Record<string, unknown>;
  const apiBaseUrl = typeof value.apiBaseUrl === 'string' ? value.apiBaseUrl.replace(/\/+$/, '') : '';
  const auth = value.auth as Record<string, unknown> | undefined;
  if (!auth || auth.mode === 'none') {
    return { apiBaseUrl, auth: { mode: 'none' } };
  }
  if (auth.mode !== 'cognito') {
    throw new ConfigError(`config.json: auth.mode must be "cognito" or "none", got ${JSON.stringify(auth.mode)}.`);
  }
  for (const key of ['domain', 'clientId', 'scopePrefix']) {
    if (typeof auth[key] !== 'string' || (auth[key] as string).length === 0) {
      throw new ConfigError(`config.json: auth.${key} is required in cognito mode.`);
    }
  }
  const scopes = Array.isArray(auth.scopes) ? auth.scopes.filter((s): s is string => typeof s === 'string') : [];
  return {
    apiBaseUrl,
    auth: {
      mode: 'cognito',
      domain: (auth.domain as string).replace(/\/+$/, ''),
      clientId: auth.clientId as string,
      scopes,
      scopePrefix: auth.scopePrefix as string,
    },
  };
}

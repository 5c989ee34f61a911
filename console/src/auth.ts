import type { AuthConfig } from './config';

/**
 * Sign-in through the Cognito hosted UI with the authorization code grant and PKCE (public client, no secret).
 * Tokens live in sessionStorage: they end with the tab, and no other origin can read them.
 */
type CognitoAuth = Extract<AuthConfig, { mode: 'cognito' }>;

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

const TOKENS = 'medextract.tokens';
const PENDING = 'medextract.pkce';

/** The API's route groups: each route needs the access-token scope `<scopePrefix>/<group>`. */
export type RouteGroup = 'read' | 'write' | 'admin' | 'read-any-owner';

export interface Session {
  /** The header value to send, or null when sign-in is off (local mode). */
  authorization(): Promise<string | null>;
  signedIn(): boolean;
  /** Scopes of the access token; in local mode every group is allowed. */
  can(group: RouteGroup): boolean;
  signIn(): Promise<void>;
  /** Forgets the tokens, revokes the refresh token at Cognito, then ends the hosted UI session. */
  signOut(): Promise<void>;
  userName(): string | null;
}

export function openSession(auth: AuthConfig): Session {
  return auth.mode === 'none' ? localSession() : cognitoSession(auth);
}

function localSession(): Session {
  return {
    authorization: async () => null,
    signedIn: () => true,
    can: () => true,
    signIn: async () => undefined,
    signOut: async () => undefined,
    userName: () => null,
  };
}

function redirectUri(): string {
  return window.location.origin + window.location.pathname;
}

function base64Url(bytes: Uint8Array): string {
  let text = '';
  bytes.forEach((b) => (text += String.fromCharCode(b)));
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function claims(jwt: string): Record<string, unknown> {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
  } catch {
    return {};
  }
}

function cognitoSession(auth: CognitoAuth): Session {
  let tokens: Tokens | null = readTokens();

  function readTokens(): Tokens | null {
    const raw = sessionStorage.getItem(TOKENS);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  }

  function store(next: Tokens | null) {
    tokens = next;
    if (next) sessionStorage.setItem(TOKENS, JSON.stringify(next));
    else sessionStorage.removeItem(TOKENS);
  }

  async function tokenRequest(form: Record<string, string>): Promise<Tokens> {
    const response = await fetch(`${auth.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    if (!response.ok) {
      throw new Error(`Sign-in failed: the token endpoint answered HTTP ${response.status}.`);
    }
    const body = await response.json();
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token ?? form.refresh_token,
      expiresAt: Date.now() + (Number(body.expires_in) || 3600) * 1000,
    };
  }

  return {
    async authorization() {
      if (!tokens) return null;
      if (Date.now() > tokens.expiresAt - 60_000) {
        if (!tokens.refreshToken) {
          store(null);
          return null;
        }
        try {
          store(await tokenRequest({ grant_type: 'refresh_token', client_id: auth.clientId, refresh_token: tokens.refreshToken }));
        } catch {
          store(null);
          return null;
        }
      }
      return `Bearer ${tokens.accessToken}`;
    },
    signedIn: () => tokens !== null,
    can(group) {
      if (!tokens) return false;
      const scope = String(claims(tokens.accessToken).scope ?? '').split(' ');
      return scope.includes(`${auth.scopePrefix}/${group}`);
    },
    async signIn() {
      const verifier = randomString(48);
      const state = randomString(16);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: auth.clientId,
        redirect_uri: redirectUri(),
        scope: auth.scopes.join(' '),
        state,
        code_challenge_method: 'S256',
        code_challenge: base64Url(digest),
      });
      window.location.assign(`${auth.domain}/oauth2/authorize?${query}`);
    },
    async signOut() {
      const refreshToken = tokens?.refreshToken;
      store(null);
      if (refreshToken) {
        await revoke(auth, refreshToken);
      }
      const query = new URLSearchParams({ client_id: auth.clientId, logout_uri: redirectUri() });
      window.location.assign(`${auth.domain}/logout?${query}`);
    },
    userName() {
      if (!tokens) return null;
      const c = claims(tokens.accessToken);
      return typeof c.username === 'string' ? c.username : null;
    },
  };
}

/** How long sign-out waits for the revocation before it leaves for the hosted UI's logout anyway. */
export const REVOKE_TIMEOUT_MS = 5000;

/**
 * Revokes a refresh token (and the access tokens issued with it) at Cognito's revocation endpoint; a public client
 * sends its id and no secret: https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html.
 * The /logout redirect alone ends the hosted UI's session but leaves the refresh token valid for its 12 hours.
 * A failure does not stop sign-out: the tokens are already gone from this tab.
 */
async function revoke(auth: CognitoAuth, refreshToken: string): Promise<void> {
  try {
    await fetch(`${auth.domain}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: auth.clientId }).toString(),
      signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
    });
  } catch {
    // offline or timed out: the token expires with its validity
  }
}

/** Finishes a hosted-UI redirect (?code=...&state=...) if there is one; leaves the URL clean either way. */
export async function completeSignIn(auth: AuthConfig): Promise<string | null> {
  if (auth.mode !== 'cognito') return null;
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return null;
  window.history.replaceState(null, '', redirectUri() + window.location.hash);
  if (error) return `Sign-in was refused: ${params.get('error_description') ?? error}.`;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING);
  if (!pending || pending.state !== params.get('state')) {
    return 'Sign-in could not be completed (the answer did not match the request). Please sign in again.';
  }
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code: code!,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }).toString(),
  }).catch(() => null);
  if (!response || !response.ok) {
    return 'Sign-in could not be completed: the token endpoint did not answer. Please try again.';
  }
  const body = await response.json();
  sessionStorage.setItem(
    TOKENS,
    JSON.stringify({
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: Date.now() + (Number(body.expires_in) || 3600) * 1000,
    } satisfies Tokens),
  );
  return null;
}

// Unit tests of the console's sign-in session (src/auth.ts, compiled by `npm test` to target/unit-js) under Node's
// own test runner. The browser tests run local mode, which has no Cognito: here fetch, sessionStorage and the page's
// location are stand-ins that record what the console asks Cognito's endpoints for.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const DOMAIN = 'https://medextract-test-111122223333.auth.us-east-1.amazoncognito.com';
const AUTH = { mode: 'cognito', domain: DOMAIN, clientId: 'console-client', scopes: ['openid'], scopePrefix: 'medextract' };

let requests;
let navigations;
let answer;

function storage() {
  const items = new Map();
  return {
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => items.set(k, String(v)),
    removeItem: (k) => items.delete(k),
  };
}

beforeEach(() => {
  requests = [];
  navigations = [];
  answer = async () => new Response('', { status: 200 });
  globalThis.sessionStorage = storage();
  globalThis.window = {
    location: {
      origin: 'https://console.example.org',
      pathname: '/',
      search: '',
      hash: '',
      assign: (url) => navigations.push({ url, requestsBefore: requests.length }),
    },
  };
  globalThis.fetch = async (url, init) => {
    requests.push({ url: String(url), init });
    return answer(url, init);
  };
});

const { openSession } = await import('../target/unit-js/auth.js');

function signedIn(tokens) {
  sessionStorage.setItem('medextract.tokens', JSON.stringify({ expiresAt: Date.now() + 3_600_000, ...tokens }));
  return openSession(AUTH);
}

test('sign-out revokes the refresh token before it leaves for the hosted UI logout', async () => {
  const session = signedIn({ accessToken: 'access', refreshToken: 'refresh-1' });

  await session.signOut();

  assert.equal(requests.length, 1);
  const { url, init } = requests[0];
  assert.equal(url, `${DOMAIN}/oauth2/revoke`);
  assert.equal(init.method, 'POST');
  assert.equal(init.headers['Content-Type'], 'application/x-www-form-urlencoded');
  const form = new URLSearchParams(init.body);
  assert.equal(form.get('token'), 'refresh-1');
  assert.equal(form.get('client_id'), 'console-client');
  assert.equal(form.has('client_secret'), false);
  assert.equal(navigations.length, 1);
  assert.equal(navigations[0].requestsBefore, 1, 'the revocation was sent before the page left');
  assert.match(navigations[0].url, /^https:\/\/medextract-test-.*\/logout\?client_id=console-client&logout_uri=/);
  assert.equal(sessionStorage.getItem('medextract.tokens'), null);
  assert.equal(session.signedIn(), false);
});

test('a failed revocation still signs out', async () => {
  answer = async () => {
    throw new TypeError('Failed to fetch');
  };
  const session = signedIn({ accessToken: 'access', refreshToken: 'refresh-2' });

  await session.signOut();

  assert.equal(requests.length, 1);
  assert.equal(navigations.length, 1);
  assert.equal(sessionStorage.getItem('medextract.tokens'), null);
});

test('without a refresh token there is nothing to revoke', async () => {
  const session = signedIn({ accessToken: 'access' });

  await session.signOut();

  assert.equal(requests.length, 0);
  assert.equal(navigations.length, 1);
});

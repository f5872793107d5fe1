import { describe, expect, it } from 'vitest';
import {
  AUTH_COOKIE,
  admittedBy,
  cookieValue,
  presentedCredentials,
  readCookie,
  tokenMatches,
} from '../../../workers/dashboard/auth.js';

const TOKEN = 'correct-horse-battery-staple';

describe('tokenMatches', () => {
  it('accepts the token and nothing else', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(tokenMatches(TOKEN, TOKEN.slice(0, -1))).toBe(false);
    expect(tokenMatches(TOKEN, TOKEN.toUpperCase())).toBe(false);
    expect(tokenMatches(TOKEN, '')).toBe(false);
    expect(tokenMatches(TOKEN, undefined)).toBe(false);
  });
});

describe('credentials of a request', () => {
  const req = (headers: Record<string, string>, query: Record<string, unknown> = {}) => ({ headers, query });

  it('reads a Bearer header, a ?token= and the cookie', () => {
    expect(presentedCredentials(req({ authorization: `Bearer ${TOKEN}` })).bearer).toBe(TOKEN);
    expect(presentedCredentials(req({ authorization: `Basic ${TOKEN}` })).bearer).toBeUndefined();
    expect(presentedCredentials(req({}, { token: TOKEN })).query).toBe(TOKEN);
    // ?token=a&token=b is an array: not a token
    expect(presentedCredentials(req({}, { token: [TOKEN, TOKEN] })).query).toBeUndefined();
    expect(readCookie(`a=1; ${AUTH_COOKIE}=abc ; b=2`, AUTH_COOKIE)).toBe('abc');
    expect(readCookie(`x${AUTH_COOKIE}=abc`, AUTH_COOKIE)).toBeUndefined();
  });

  it('admits the token by any of the three ways, and refuses the raw token as a cookie', () => {
    const admit = (headers: Record<string, string>, query: Record<string, unknown> = {}) =>
      admittedBy(TOKEN, presentedCredentials(req(headers, query)));
    expect(admit({ authorization: `Bearer ${TOKEN}` })).toBe('bearer');
    expect(admit({}, { token: TOKEN })).toBe('query');
    expect(admit({ cookie: `${AUTH_COOKIE}=${cookieValue(TOKEN)}` })).toBe('cookie');
    expect(admit({ cookie: `${AUTH_COOKIE}=${TOKEN}` })).toBeUndefined();
    expect(admit({ authorization: 'Bearer wrong-token-of-some-length' }, { token: 'nope' })).toBeUndefined();
    expect(admit({})).toBeUndefined();
    expect(cookieValue(TOKEN)).not.toContain(TOKEN);
  });
});

/**
 * Access to the dashboard. Without DASHBOARD_TOKEN it listens on loopback only (enforced by
 * loadConfig); with it, every route asks for the token as `Authorization: Bearer <token>`
 * or `?token=<token>`. A valid ?token= sets a cookie, so that the page's own links, images
 * and scripts (which cannot send the header) keep working.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export const AUTH_COOKIE = 'nianbao_dashboard';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Constant-time comparison. Both sides are hashed first so that neither the length nor the
 * position of the first difference shows in the timing.
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || given === '') return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * The cookie holds a hash of the token, not the token: a leaked cookie opens the dashboard
 * but cannot be replayed as the token somewhere else the same secret is used.
 */
export function cookieValue(token: string): string {
  return createHash('sha256').update(`nianbao-dashboard-cookie:${token}`, 'utf8').digest('hex');
}

export interface PresentedCredentials {
  bearer: string | undefined;
  query: string | undefined;
  cookie: string | undefined;
}

/** What a request presents, from its headers and query string. */
export function presentedCredentials(req: { headers: Request['headers']; query: unknown }): PresentedCredentials {
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return { bearer, query: typeof q === 'string' ? q : undefined, cookie: readCookie(req.headers.cookie, AUTH_COOKIE) };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Which credential, if any, admits the request. */
export function admittedBy(token: string, c: PresentedCredentials): 'bearer' | 'query' | 'cookie' | undefined {
  if (tokenMatches(token, c.bearer)) return 'bearer';
  if (tokenMatches(token, c.query)) return 'query';
  if (tokenMatches(cookieValue(token), c.cookie)) return 'cookie';
  return undefined;
}

/** Middleware: 401 unless the request carries the token (a no-op when there is none). */
export function requireToken(token: string | undefined): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (token === undefined) return next();
    const by = admittedBy(token, presentedCredentials(req));
    if (by === undefined) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="nianbao"').type('text/plain').send('unauthorized\n');
      return;
    }
    if (by === 'query') {
      // SameSite=Strict: other sites cannot make the browser send it (no cross-site retries).
      res.cookie(AUTH_COOKIE, cookieValue(token), { httpOnly: true, sameSite: 'strict', path: '/' });
    }
    next();
  };
}

/**
 * State-changing requests must come from the dashboard's own pages: a page on another site
 * could otherwise POST to a loopback dashboard, which has no token to stop it.
 */
export const sameOriginWrites: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  const crossSite =
    (site !== undefined && site !== 'same-origin' && site !== 'none') ||
    (origin !== undefined && originHost(origin) !== req.headers.host);
  if (crossSite) {
    res.status(403).type('text/plain').send('cross-site request refused\n');
    return;
  }
  next();
};

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Where a request goes: the base URL (its rules are config's, src/config/base-url.ts), a request's path
 * or absolute `pages.next` URL resolved below it, and the endpoint template metrics are tagged with.
 */
import { IntercomApiError, TapError } from '../common/errors';
import { baseUrlProblems } from '../config/base-url';
import type { RequestSpec } from './types';

/** Parses the base URL; throws (exit 2) when it breaks the base_url rules. */
export function validateBaseUrl(baseUrl: string): URL {
  const problems = baseUrlProblems(baseUrl);
  if (problems.length > 0) throw new TapError(`base_url: ${problems.join('; ')}`, 2);
  return new URL(baseUrl);
}

/**
 * The URL of a request: a path below the base URL's path, or an absolute URL, which must be on the base
 * URL's origin (the token is sent only there); the query added.
 */
export function requestUrl(base: URL, spec: Pick<RequestSpec, 'method' | 'path' | 'query' | 'stream'>): URL {
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec.path)) {
    url = new URL(spec.path);
    if (url.origin !== base.origin || url.username !== '' || url.password !== '') {
      throw new IntercomApiError(
        `${spec.method} ${url.pathname}: refusing a URL on another host (${url.origin}); the token is sent only to ${base.origin}`,
        { method: spec.method, url: `${url.origin}${url.pathname}`, stream: spec.stream },
        false,
      );
    }
  } else {
    const prefix = base.pathname.replace(/\/+$/, '');
    url = new URL(`${prefix}${spec.path.startsWith('/') ? '' : '/'}${spec.path}`, base.origin);
  }
  for (const [key, value] of Object.entries(spec.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/** The URL errors and logs name: origin and path, no query, no credentials. */
export function urlForMessages(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** "/contacts/6512ab.../tags" → "/contacts/{id}/tags": ids contain digits, fixed path words do not. */
export function endpointTemplate(path: string): string {
  return path
    .split('/')
    .map((segment) => (/\d/.test(segment) ? '{id}' : segment))
    .join('/');
}

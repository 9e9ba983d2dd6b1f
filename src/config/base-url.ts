/**
 * The rules of `base_url`, in one place: config validation (load.ts) reports them under the key, and the
 * HTTP client, which guards the token, refuses a URL that breaks them (src/http/url.ts). The token goes
 * only over https, or plain http to this machine (the fake Intercom, a local proxy).
 */

/** Loopback hosts, the only ones plain http may reach. `hostname` as URL gives it ('[::1]' or '::1'). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** What is wrong with a base URL, each as "must …" text without the value; empty when it is fine. */
export function baseUrlProblems(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return ['must be an absolute http(s) URL'];
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('must be an http(s) URL');
  else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    problems.push('plain http is allowed only for loopback hosts (localhost, 127.0.0.0/8, ::1); use https');
  }
  if (url.username !== '' || url.password !== '') problems.push('must not contain credentials');
  if (url.search !== '' || url.hash !== '') problems.push('must not contain a query or fragment');
  return problems;
}

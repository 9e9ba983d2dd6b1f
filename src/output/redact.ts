/**
 * Keeping secrets (the access token, a Redis password) out of every line the tap writes.
 * The one redaction of the tap: the HTTP client redacts its own error messages with `redactSecrets`, the
 * logger (src/output/log.ts) every line it writes with `createRedactor`, and the CLI its last error line
 * with the same secrets (a SecretRegistry filled by `registerSecrets`).
 */

export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not redacted: replacing "a" everywhere would garble every line. */
const MIN_SECRET_LENGTH = 4;

/**
 * The forms a secret can take in text: as is, URL-encoded, JSON-escaped, and base64-encoded alone or
 * as the credentials a server may echo back (`Bearer <token>`, Basic `<token>:`).
 */
function variants(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(JSON.stringify(secret).slice(1, -1));
  for (const encoded of [secret, `Bearer ${secret}`, `${secret}:`]) {
    const base64 = Buffer.from(encoded, 'utf8').toString('base64');
    forms.add(base64);
    forms.add(base64.replace(/=+$/, ''));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * A function that replaces every form (see `variants`) of each secret with [REDACTED]. The forms are
 * computed once: the logger calls it on every line it writes.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = [
    ...new Set(
      secrets
        .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
        .flatMap(variants),
    ),
  ]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of forms) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return out;
  };
}

/** Replaces every occurrence of each secret, in every form it takes, with [REDACTED]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text);
}

/** Redacts secrets in every string inside a value (log fields), returning a copy; cycles become "[Circular]". */
export function redactValue(value: unknown, secrets: readonly string[], seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, seen));
  if (value instanceof Error) {
    return { name: value.name, message: redactSecrets(value.message, secrets) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactValue(item, secrets, seen);
  return out;
}

/**
 * The set of secrets of one run. The CLI registers the token (and the Redis URL's password) once;
 * the logger calls `redact` on every line it writes.
 */
export class SecretRegistry {
  private readonly secrets = new Set<string>();

  /** Registers a secret; empty and very short values are ignored. */
  add(secret: string | undefined | null): void {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }

  list(): readonly string[] {
    return [...this.secrets];
  }

  redact(text: string): string {
    return this.secrets.size === 0 ? text : redactSecrets(text, this.list());
  }

  redactValue(value: unknown): unknown {
    return this.secrets.size === 0 ? value : redactValue(value, this.list());
  }
}

/** Registers the access token (and the password of a Redis URL, when given) with a registry. */
export function registerSecrets(registry: SecretRegistry, token: string, redisUrl?: string): void {
  registry.add(token);
  if (redisUrl !== undefined) {
    try {
      const url = new URL(redisUrl);
      registry.add(decodeURIComponent(url.password));
      registry.add(url.password);
    } catch {
      // An unparsable URL is reported by config validation; nothing to register.
    }
  }
}

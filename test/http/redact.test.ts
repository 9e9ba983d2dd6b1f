import { redactSecrets, redactValue, registerSecrets, SecretRegistry, REDACTED } from '../../src/output/redact';

describe('redactSecrets', () => {
  it('replaces every occurrence and the URL-encoded and JSON-escaped forms', () => {
    const secret = 'tok/en+"x';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${JSON.stringify(secret)}`;
    const out = redactSecrets(text, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out.split(REDACTED)).toHaveLength(4);
  });
  it('ignores empty and very short secrets', () => {
    expect(redactSecrets('a b c', ['', 'a'])).toBe('a b c');
  });
});

describe('SecretRegistry', () => {
  it('redacts strings and nested values', () => {
    const registry = new SecretRegistry();
    registerSecrets(registry, 'dG9rOmFiY2RlZg==', 'redis://:hunter22@127.0.0.1:6379');
    expect(registry.redact('Bearer dG9rOmFiY2RlZg== and hunter22')).toBe(`Bearer ${REDACTED} and ${REDACTED}`);
    const value = { a: ['x dG9rOmFiY2RlZg=='], n: 3, e: new Error('hunter22') };
    expect(JSON.stringify(registry.redactValue(value))).not.toMatch(/dG9rOmFiY2RlZg|hunter22/);
  });
  it('survives cycles', () => {
    const cyclic: Record<string, unknown> = { s: 'secret-1234' };
    cyclic['self'] = cyclic;
    expect(redactValue(cyclic, ['secret-1234'])).toEqual({ s: REDACTED, self: '[Circular]' });
  });
});

import { groupWarnings, renderSummary, summaryFields, type SummaryInput } from '../../src/progress/summary';

const input: SummaryInput = {
  records: { admins: 12, contacts: 1234, conversations: 0 },
  status: { admins: 'done', contacts: 'done', conversations: 'unavailable' },
  warnings: [
    { code: 'parts_over_cap', message: 'conversation 5 has 620 parts' },
    { code: 'parts_over_cap', message: 'conversation 9 has 501 parts' },
    { code: 'conversation_skipped', message: 'conversation 7 skipped: HTTP 500' },
  ],
  http: { requests: 321, retries: 4, rateLimited: 2, waitedMs: 1500 },
  seconds: 83,
};

describe('end summary', () => {
  it('lists records per stream, totals, requests, retries, 429s, warnings and time', () => {
    const lines = renderSummary(input);
    expect(lines[0]).toBe('sync finished in 1:23: 1,246 records');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}admins\s+12$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}contacts\s+1,234$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}conversations\s+0 {2}unavailable$/));
    expect(lines).toContainEqual('requests: 321, retries: 4, rate limited (429): 2, queued for the rate budget: 1.5 s (summed over requests)');
    expect(lines).toContainEqual(expect.stringMatching(/^warning: conversations with more parts than Intercom returns \(500\): 2 \(e\.g\. conversation 5 has 620 parts\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^warning: conversations skipped: 1 /));
  });

  it('says when the run stopped, and that there were no warnings', () => {
    const lines = renderSummary({ ...input, warnings: [], failed: true });
    expect(lines[0]).toMatch(/^sync stopped in/);
    expect(lines).toContain('warnings: none');
  });

  it('has no line that parses as JSON (Meltano would read it as a message)', () => {
    for (const line of renderSummary(input)) {
      expect(() => JSON.parse(line)).toThrow();
    }
  });

  it('groups warnings by code, unknown codes named by their code', () => {
    expect(groupWarnings([...input.warnings, { code: 'odd', message: 'x' }]).map((g) => [g.code, g.label, g.count])).toEqual([
      ['parts_over_cap', 'conversations with more parts than Intercom returns (500)', 2],
      ['conversation_skipped', 'conversations skipped', 1],
      ['odd', 'odd', 1],
    ]);
  });

  it('gives the same figures as structured fields for JSON logs', () => {
    expect(summaryFields(input)).toEqual({
      records: input.records,
      total_records: 1246,
      requests: 321,
      retries: 4,
      rate_limited: 2,
      waited_seconds: 1.5,
      warnings: { parts_over_cap: 2, conversation_skipped: 1 },
      seconds: 83,
    });
  });
});

import { StatsCounters } from '../../src/http/stats';
import { groupWarnings, renderSummary, summaryFields, type SummaryInput } from '../../src/progress/summary';

const input: SummaryInput = {
  records: { admins: 12, contacts: 1234, conversations: 0 },
  status: { admins: 'done', contacts: 'done', conversations: 'unavailable' },
  warnings: [
    { code: 'parts_over_cap', message: 'conversation 5 has 620 parts' },
    { code: 'parts_over_cap', message: 'conversation 9 has 501 parts' },
    { code: 'conversation_skipped', message: 'conversation 7 skipped: HTTP 500' },
  ],
  http: { requests: 321, retries: 4, rateLimited: 2, waitedMs: 96_300, waitedWallMs: 4_200 },
  seconds: 83,
};

describe('end summary', () => {
  it('lists records per stream, totals, requests, retries, 429s, warnings and time', () => {
    const lines = renderSummary(input);
    expect(lines[0]).toBe('sync finished in 1:23: 1,246 records');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}admins\s+12$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}contacts\s+1,234$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}conversations\s+0 {2}unavailable$/));
    expect(lines).toContainEqual('requests: 321, retries: 4, rate limited (429): 2, waited for the rate budget: 4.2 s of the run (0.30 s per request on average)');
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
      waited_seconds: 4.2,
      mean_wait_seconds: 0.3,
      warnings: { parts_over_cap: 2, conversation_skipped: 1 },
      seconds: 83,
      outcomes: { conversations: 'unavailable' },
    });
  });
});

describe('the wait for the rate budget', () => {
  it('counts the run\'s time with a request waiting once, however many wait together', () => {
    const stats = new StatsCounters();
    // Ten requests wait together from t=0 to t=1000 (one second of the run, ten seconds summed) ...
    for (let i = 0; i < 10; i++) stats.started('contacts', 1000, 1000);
    // ... then two overlapping waits: 1500..2500 and 2000..3000 (1.5 s of the run), and one that did not wait.
    stats.started('contacts', 1000, 2500);
    stats.started('contacts', 1000, 3000);
    stats.started('tags', 0, 3100);
    const snap = stats.snapshot();
    expect(snap.waitedMs).toBe(12_000);
    expect(snap.waitedWallMs).toBe(2_500);
    expect(renderSummary({ ...input, http: snap })).toContainEqual(
      'requests: 13, retries: 0, rate limited (429): 0, waited for the rate budget: 2.5 s of the run (0.92 s per request on average)',
    );
  });
});

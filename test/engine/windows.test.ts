import { queryBounds, readWindows, splitWindow, WindowProgress, type TimeWindow, type WindowPage } from '../../src/engine/windows';
import type { RawRecord } from '../../src/common/json';
import type { ReadEvent } from '../../src/engine/contract';

const DAY = 86400;

function covers(windows: TimeWindow[], from: number, to: number): void {
  expect(windows[0]?.from).toBe(from);
  expect(windows[windows.length - 1]?.to).toBe(to);
  for (let i = 1; i < windows.length; i += 1) expect(windows[i]?.from).toBe((windows[i - 1]?.to ?? 0) + 1);
}

describe('splitWindow', () => {
  it('splits by the second into adjacent, disjoint windows covering the range', () => {
    const parts = splitWindow({ from: 100, to: 199 }, 4, 'second');
    expect(parts).toHaveLength(4);
    covers(parts, 100, 199);
  });

  it('never makes more windows than units, and never an empty one', () => {
    const parts = splitWindow({ from: 10, to: 12 }, 8, 'second');
    expect(parts).toEqual([{ from: 10, to: 10 }, { from: 11, to: 11 }, { from: 12, to: 12 }]);
  });

  it('puts inner edges of day windows on day boundaries', () => {
    const from = 10 * DAY + 3600;
    const to = 20 * DAY + 50;
    const parts = splitWindow({ from, to }, 3, 'day');
    covers(parts, from, to);
    for (const p of parts.slice(1)) expect(p.from % DAY).toBe(0);
  });

  it('does not split one day in day mode', () => {
    expect(splitWindow({ from: 5 * DAY + 10, to: 5 * DAY + 500 }, 4, 'day')).toHaveLength(1);
  });
});

describe('queryBounds', () => {
  it('by second: the edges are inside the open interval', () => {
    expect(queryBounds({ from: 100, to: 200 }, 'second')).toEqual({ after: 99, before: 201 });
  });

  it('by day: "> after" starts at the day of from, "< before" ends after the day of to', () => {
    const { after, before } = queryBounds({ from: 10 * DAY + 3600, to: 12 * DAY + 7 }, 'day');
    // Intercom: "> v" matches from the start of the day after v's day; "< v" before the start of v's day.
    expect(Math.floor(after / DAY) + 1).toBe(10);
    expect(Math.floor(before / DAY)).toBe(13);
  });
});

describe('WindowProgress', () => {
  it('reports a checkpoint only when the completed prefix grows, with the prefix maximum', () => {
    const w = [{ from: 0, to: 9 }, { from: 10, to: 19 }, { from: 20, to: 29 }];
    const p = new WindowProgress(w);
    expect(p.complete(w[1] as TimeWindow, 15)).toBeUndefined();
    expect(p.complete(w[0] as TimeWindow, 5)).toBe(15);
    expect(p.complete(w[2] as TimeWindow, Number.NEGATIVE_INFINITY)).toBeUndefined();
  });

  it('keeps order when a window is replaced by its parts', () => {
    const w0 = { from: 0, to: 9 };
    const w1 = { from: 10, to: 19 };
    const p = new WindowProgress([w0, w1]);
    const parts = [{ from: 0, to: 4 }, { from: 5, to: 9 }];
    p.replace(w0, parts);
    expect(p.complete(w1, 12)).toBeUndefined();
    expect(p.complete(parts[1] as TimeWindow, 7)).toBeUndefined();
    expect(p.complete(parts[0] as TimeWindow, 3)).toBe(12);
  });
});

/** An in-memory search: records sorted by nothing in particular, paged by index. */
function memorySearch(values: number[], perPage: number, calls: TimeWindow[]) {
  const records: RawRecord[] = values.map((v, i) => ({ id: String(i), updated_at: v }));
  return async (window: TimeWindow, cursor: string | undefined): Promise<WindowPage> => {
    calls.push(window);
    const { after, before } = queryBounds(window, 'second');
    const hits = records.filter((r) => (r['updated_at'] as number) > after && (r['updated_at'] as number) < before);
    const offset = cursor ? Number(cursor) : 0;
    const page: WindowPage = { records: hits.slice(offset, offset + perPage), total: hits.length };
    if (offset + perPage < hits.length) page.next = String(offset + perPage);
    return page;
  };
}

async function collect(events: AsyncIterable<ReadEvent>): Promise<ReadEvent[]> {
  const out: ReadEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('readWindows', () => {
  const values = Array.from({ length: 500 }, (_, i) => 1000 + ((i * 37) % 400));
  // A bulk update: 120 records share one second, across page boundaries.
  for (let i = 0; i < 120; i += 1) values.push(1200);

  it.each([1, 3, 8])('returns every record in [start, end] exactly once with parallelism %i', async (parallelism) => {
    const calls: TimeWindow[] = [];
    const events = await collect(
      readWindows({ start: 1000, end: 1399, unit: 'second', parallelism, maxPerWindow: 90, fetchPage: memorySearch(values, 25, calls), valueOf: (r) => r['updated_at'] as number }),
    );
    const ids = events.flatMap((e) => (e.kind === 'records' ? e.records.map((r) => r['id']) : []));
    expect(ids).toHaveLength(values.length);
    expect(new Set(ids).size).toBe(values.length);
    const checkpoints = events.flatMap((e) => (e.kind === 'checkpoint' ? [e.value] : []));
    expect(checkpoints[checkpoints.length - 1]).toBe(1399);
    // Checkpoints only grow, and each is only emitted after every record at or below it.
    const seen: number[] = [];
    for (const e of events) {
      if (e.kind === 'records') seen.push(...e.records.map((r) => r['updated_at'] as number));
      if (e.kind === 'checkpoint') {
        const emittedAtOrBelow = seen.filter((v) => v <= e.value).length;
        expect(emittedAtOrBelow).toBe(values.filter((v) => v <= e.value).length);
      }
    }
    // The bulk second could not be split further, so it was read as one window.
    expect(calls.some((w) => w.from === 1200 && w.to === 1200)).toBe(true);
  });

  it('drops what lies outside the bounds', async () => {
    const events = await collect(
      readWindows({ start: 1100, end: 1150, unit: 'second', parallelism: 2, maxPerWindow: 1000, fetchPage: memorySearch(values, 50, []), valueOf: (r) => r['updated_at'] as number }),
    );
    const got = events.flatMap((e) => (e.kind === 'records' ? e.records.map((r) => r['updated_at'] as number) : []));
    expect(got.length).toBe(values.filter((v) => v >= 1100 && v <= 1150).length);
    expect(got.every((v) => v >= 1100 && v <= 1150)).toBe(true);
  });

  it('fails the iteration when a page fails', async () => {
    const fetchPage = async (): Promise<WindowPage> => {
      throw new Error('boom');
    };
    await expect(collect(readWindows({ start: 0, end: 100, unit: 'second', parallelism: 2, maxPerWindow: 10, fetchPage, valueOf: () => 0 }))).rejects.toThrow('boom');
  });
});

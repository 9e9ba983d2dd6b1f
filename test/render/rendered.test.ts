import type { RawRecord } from '../../src/common/json';
import type { RenderSpec } from '../../src/render/records';
import { rememberRendered, renderedLines } from '../../src/render/rendered';

const spec = (stream = 'contacts'): RenderSpec => ({ stream, schema: { type: 'object', properties: {} }, fields: [], keyProperties: ['id'], validate: false });

/** A page of `n` projections whose lines are "L<i>\n" (of varying byte length, one non-ASCII). */
function page(s: RenderSpec, n: number): { projections: RawRecord[]; text: string[] } {
  const text = Array.from({ length: n }, (_, i) => (i === 1 ? `L${i}é\n` : `L${i}\n`));
  const bytes = text.map((t) => Buffer.from(t));
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i] as number) + (bytes[i] as Buffer).length;
  const projections = Array.from({ length: n }, (_, i): RawRecord => ({ id: String(i) }));
  rememberRendered(projections, s, Buffer.concat(bytes), offsets);
  return { projections, text };
}

const text = (b: Uint8Array | undefined): string => Buffer.from(b ?? new Uint8Array()).toString('utf8');

describe('renderedLines', () => {
  it('returns undefined for records that were parsed here (render them normally)', () => {
    expect(renderedLines(spec(), [{ id: '1' }, { id: '2' }])).toBeUndefined();
  });

  it('writes the lines of a whole page, or of the records kept, in the order given', () => {
    const s = spec();
    const p = page(s, 5);
    expect(text(renderedLines(s, p.projections))).toBe(p.text.join(''));
    const kept = [p.projections[1], p.projections[2], p.projections[4]] as RawRecord[];
    expect(text(renderedLines(s, kept))).toBe(`${p.text[1]}${p.text[2]}${p.text[4]}`);
    const reversed = [p.projections[3], p.projections[0]] as RawRecord[];
    expect(text(renderedLines(s, reversed))).toBe(`${p.text[3]}${p.text[0]}`);
  });

  it('joins records of several pages', () => {
    const s = spec();
    const a = page(s, 2);
    const b = page(s, 2);
    expect(text(renderedLines(s, [...a.projections, ...b.projections]))).toBe([...a.text, ...b.text].join(''));
  });

  it('refuses a copy of a projection: it lacks fields, rendering it would lose them', () => {
    const s = spec();
    const p = page(s, 2);
    const copy = { ...(p.projections[0] as RawRecord), extra: 1 };
    expect(() => renderedLines(s, [copy])).toThrow(/copy of a projected record/);
  });

  it('refuses projections mixed with full records, and projections of another stream selection', () => {
    const s = spec();
    const p = page(s, 2);
    expect(() => renderedLines(s, [{ id: 'x' }, p.projections[0] as RawRecord])).toThrow(/mixed/);
    expect(() => renderedLines(spec('tickets'), p.projections)).toThrow(/rendered for stream contacts/);
  });
});

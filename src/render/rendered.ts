/**
 * Records whose RECORD lines a render worker already produced. When a page is parsed on a worker
 * (pool.ts), the reader gets small stand-ins ("projections": the fields the engine and the child reads
 * need) and the worker's UTF-8 lines for every record of the page; emitting projections writes their
 * lines. A projection must never be rendered as a record itself: it lacks fields. It carries an
 * enumerable symbol, which `{...r}` copies, so a reader that builds a new record from one is caught
 * (renderedLines throws) instead of emitting a truncated record.
 */
import { isCutList, type RawRecord } from '../common/json';
import type { RenderSpec } from './records';

const PROJECTION: unique symbol = Symbol('tap-intercom.projection');

interface RenderedPage {
  spec: RenderSpec;
  /** RECORD lines of the page's records, back to back. */
  lines: Uint8Array;
  /** Byte offset of record i's line is offsets[i]; offsets[n] is the end. */
  offsets: Uint32Array;
}

const origins = new WeakMap<object, { page: RenderedPage; index: number }>();

/**
 * Whether a worker sends `record` whole rather than projected: one of its `whole` list fields is cut
 * (PageSpec.whole). The same test on both sides of the worker, so both agree on which records are projections.
 */
export function isWhole(record: RawRecord, whole: readonly string[]): boolean {
  for (const field of whole) if (isCutList(record[field])) return true;
  return false;
}

/** Whether `record` is a projection whose line a worker rendered. */
export function isProjection(record: RawRecord): boolean {
  return PROJECTION in record;
}

/**
 * Marks `projections` (the page's records, in order) as rendered by `spec` into `lines`. Records sent
 * whole (`isWhole`) are left unmarked: the reader completes them and they are rendered again.
 */
export function rememberRendered(projections: readonly RawRecord[], spec: RenderSpec, lines: Uint8Array, offsets: Uint32Array, whole: readonly string[] = []): void {
  const page: RenderedPage = { spec, lines, offsets };
  for (let i = 0; i < projections.length; i++) {
    if (whole.length > 0 && isWhole(projections[i] as RawRecord, whole)) continue;
    const p = projections[i] as RawRecord & { [PROJECTION]?: true };
    p[PROJECTION] = true;
    origins.set(p, { page, index: i });
  }
}

/**
 * The rendered lines of `records`, or undefined when none of them is a projection (render them
 * normally). Throws when projections are mixed with other records, were copied, or were rendered for
 * another stream selection: a programming error that would otherwise lose fields.
 */
export function renderedLines(spec: RenderSpec, records: readonly RawRecord[]): Uint8Array | undefined {
  const first = records[0];
  if (first === undefined || !(PROJECTION in first)) {
    if (records.some((r) => PROJECTION in r)) throw new Error(`stream ${spec.stream}: projected records mixed with full ones`);
    return undefined;
  }
  const pieces: Uint8Array[] = [];
  let piece: { page: RenderedPage; start: number; end: number } | undefined;
  for (const record of records) {
    const origin = origins.get(record);
    if (origin === undefined) throw new Error(`stream ${spec.stream}: a copy of a projected record cannot be rendered (the reader must not rebuild such records)`);
    if (origin.page.spec !== spec) throw new Error(`stream ${spec.stream}: a projected record was rendered for stream ${origin.page.spec.stream}`);
    const start = origin.page.offsets[origin.index] as number;
    const end = origin.page.offsets[origin.index + 1] as number;
    if (piece !== undefined && piece.page === origin.page && piece.end === start) {
      piece.end = end;
      continue;
    }
    if (piece !== undefined) pieces.push(piece.page.lines.subarray(piece.start, piece.end));
    piece = { page: origin.page, start, end };
  }
  if (piece !== undefined) pieces.push(piece.page.lines.subarray(piece.start, piece.end));
  return pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces);
}

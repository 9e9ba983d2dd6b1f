/**
 * Parses and renders pages on worker threads. The engine's thread only does HTTP and bookkeeping:
 * a page body goes to a worker (moved, not copied), which parses it, renders every record to RECORD
 * lines and answers with those lines and small projections of the records (rendered.ts), so that
 * several pages are parsed, transformed and serialised at once while the next ones download.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RecordValidationError, TapError } from '../common/errors';
import type { ParsedBody } from '../http/body';
import type { RawRecord } from '../common/json';
import type { FromWorker, ToWorker } from './protocol';
import { reportDrift, type RenderSpec } from './records';
import { rememberRendered } from './rendered';

/**
 * A list page whose records the engine will emit as they are (a request's `page`, handed to the render
 * workers through the client's body hook, src/tap/client-options.ts): a worker renders every record with
 * `render` and puts projections keeping only `keep` in the list (rendered.ts).
 */
export interface PageSpec {
  listKey: string;
  keep: readonly string[];
  /**
   * Fields holding Intercom list objects the reader completes (e.g. a contact's `tags`): a record where one
   * of them is cut (common/json isCutList) comes back whole, not projected, and its line is not used.
   */
  whole?: readonly string[];
  render: RenderSpec;
}

export interface PageRequest {
  /** The response body, UTF-8 JSON as received; moved to the worker when it owns its memory. */
  bytes: Uint8Array;
  /** Where the records are in the body (`data`, `conversations`…). */
  listKey: string;
  /** Top-level fields the projections keep (what the reader, the engine and child reads use). */
  keep: readonly string[];
  /** List fields that, when cut, make the worker send the record whole (PageSpec.whole). */
  whole?: readonly string[];
  spec: RenderSpec;
  timeExtracted: string;
}

export interface PageParser {
  /** Bodies smaller than this are parsed by the caller (a worker would not pay off)… */
  readonly minBytes: number;
  /** …and so are bodies larger than this (a worker's heap is bounded). */
  readonly maxBytes: number;
  /**
   * Parses and renders a page on a worker. Resolves as parseBody does, except that the list of a page
   * holds projections (remembered with their lines, see rendered.ts). Rejects with
   * RecordValidationError when validation fails, TapError when a worker fails.
   */
  parsePage(request: PageRequest): Promise<ParsedBody>;
  /** Pages parsed on workers so far. */
  pagesParsed(): number;
  /** Stops the workers; pending pages reject. */
  close(): Promise<void>;
}

export interface RenderPoolOptions {
  /** Worker threads (at least 1). */
  workers: number;
  /** Default 32 KiB. */
  minBytes?: number;
  /** Default 2 MiB (a contacts page of 150 is ~350 KB). */
  maxBytes?: number;
}

interface Pending {
  request: PageRequest;
  resolve: (page: ParsedBody) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Spec ids this worker has compiled. */
  specs: Set<number>;
}

/**
 * A worker's old generation: a bound makes V8 collect the garbage of parsed pages early (peak RSS at
 * 200,000 contacts with two workers: 194 MB without it, 179-182 MB with 24-48 MB) and is far above what
 * a page up to maxBytes needs.
 */
const WORKER_OLD_GENERATION_MB = 48;

/** The worker script next to this file: worker.js once built; worker.ts under ts-jest or tsx (loaded through tsx). */
function spawnWorker(): Worker {
  const ext = extname(__filename);
  const file = join(__dirname, `worker${ext}`);
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB };
  if (ext === '.ts') return new Worker(file, { execArgv: ['--require', require.resolve('tsx/cjs')], resourceLimits });
  return new Worker(file, { resourceLimits });
}

function ownsMemory(b: Uint8Array): boolean {
  return b.byteOffset === 0 && b.buffer instanceof ArrayBuffer && b.byteLength === b.buffer.byteLength;
}

class RenderPool implements PageParser {
  private slots: Slot[] | undefined;
  private readonly specIds = new WeakMap<RenderSpec, number>();
  private nextSpec = 1;
  private nextJob = 1;
  private failure: TapError | undefined;
  private closed = false;
  private parsed = 0;

  constructor(
    private readonly workers: number,
    readonly minBytes: number,
    readonly maxBytes: number,
  ) {}

  parsePage(request: PageRequest): Promise<ParsedBody> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new TapError('render pool closed', 1));
    const slot = this.leastBusy();
    const specId = this.specId(request.spec);
    if (!slot.specs.has(specId)) {
      slot.worker.postMessage({ kind: 'spec', id: specId, spec: request.spec } satisfies ToWorker);
      slot.specs.add(specId);
    }
    const job = this.nextJob++;
    return new Promise<ParsedBody>((resolve, reject) => {
      slot.pending.set(job, { request, resolve, reject });
      if (slot.pending.size === 1) slot.worker.ref();
      const { bytes, listKey, keep, whole, timeExtracted } = request;
      const message: ToWorker = { kind: 'page', job, spec: specId, bytes, listKey, keep, whole: whole ?? [], timeExtracted };
      slot.worker.postMessage(message, ownsMemory(bytes) ? [bytes.buffer as ArrayBuffer] : []);
    });
  }

  pagesParsed(): number {
    return this.parsed;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots ?? [];
    this.slots = undefined;
    this.failAll(slots, new TapError('render pool closed', 1));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private specId(spec: RenderSpec): number {
    let id = this.specIds.get(spec);
    if (id === undefined) {
      id = this.nextSpec++;
      this.specIds.set(spec, id);
    }
    return id;
  }

  private leastBusy(): Slot {
    this.slots ??= Array.from({ length: this.workers }, () => this.start());
    let best = this.slots[0] as Slot;
    for (const slot of this.slots) if (slot.pending.size < best.pending.size) best = slot;
    return best;
  }

  private start(): Slot {
    const worker = spawnWorker();
    const slot: Slot = { worker, pending: new Map(), specs: new Set() };
    worker.unref(); // referenced only while it has work: an idle pool never keeps the process alive
    worker.on('message', (message: FromWorker) => {
      const pending = slot.pending.get(message.job);
      if (pending === undefined) return;
      slot.pending.delete(message.job);
      if (slot.pending.size === 0) worker.unref();
      if ('parsed' in message) {
        this.parsed += 1;
        const { data } = message.parsed;
        const list = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[pending.request.listKey] : undefined;
        if (Array.isArray(list)) rememberRendered(list as RawRecord[], pending.request.spec, message.lines, message.offsets, pending.request.whole);
        reportDrift(pending.request.spec, message.drift);
        pending.resolve(message.parsed);
      } else {
        pending.reject(message.validation ? new RecordValidationError(message.error) : new TapError(`rendering records failed: ${message.error}`, 1));
      }
    });
    worker.on('error', (err: Error) => this.broken(`render worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.closed) this.broken(`render worker exited (code ${code})`);
    });
    return slot;
  }

  private broken(message: string): void {
    this.failure ??= new TapError(message, 1);
    this.failAll(this.slots ?? [], this.failure);
  }

  private failAll(slots: readonly Slot[], err: Error): void {
    for (const slot of slots) {
      for (const pending of slot.pending.values()) pending.reject(err);
      slot.pending.clear();
    }
  }
}

/** A pool of `workers` parse-and-render threads, started on the first page. */
export function createRenderPool(options: RenderPoolOptions): PageParser {
  return new RenderPool(Math.max(1, Math.floor(options.workers)), options.minBytes ?? 32 * 1024, options.maxBytes ?? 2 * 1024 * 1024);
}

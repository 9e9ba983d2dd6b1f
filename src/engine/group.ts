import { lacksZone, parseDateTime } from '../common/dates';
import { RecordValidationError, stopsTheRun } from '../common/errors';
import type { RawRecord } from '../common/json';
import type { RenderSpec, Renderer } from '../render/records';
import { isProjection, renderedLines } from '../render/rendered';
import type { MessageWriter } from '../singer/types';
import { keyValue } from './contract';
import type { ReadBounds, ReadContext, ReadEvent, ReplicationKeyKind, StreamDefinition } from './contract';
import { CheckpointBarrier } from './barrier';
import { Pool } from './pool';
import type { ProgressSink } from './progress';
import type { StateKeeper } from './state-keeper';

/** One selected stream of a group, ready to emit. */
export interface Member {
  def: StreamDefinition;
  /** Records with a key value below this are not emitted (own bookmark - lookback, or start_date). */
  start: number;
  /** How its records are rendered (also posted to render workers)… */
  spec: RenderSpec;
  /** …and the same, compiled here (compileRenderer). */
  render: Renderer;
}

/** A parent stream with its selected members: itself (when selected) and its selected children. */
export interface GroupPlan {
  parent: StreamDefinition;
  parentMember?: Member;
  children: Member[];
  /** Incremental groups: key, kind and bounds of the parent's read. Absent for full-table reads. */
  replication?: { key: string; kind: ReplicationKeyKind; bounds: ReadBounds };
}

/** How a group ended, when it did not fail as a whole. */
export interface GroupResult {
  /**
   * Children whose reads failed while the parent and the other children went on (each child's first
   * error). Such a child emits nothing more and its bookmark stays where it was; an error that stops the
   * whole run (stopsTheRun) fails the group instead.
   */
  failedChildren: Array<{ stream: string; err: unknown }>;
}

export interface GroupDeps {
  ctx: ReadContext;
  writer: MessageWriter;
  keeper: StateKeeper;
  progress: ProgressSink;
  now: () => Date;
  /** Child requests in flight at once. */
  childParallelism: number;
}

/**
 * What the group's parent reader may have parsed on render workers (ReadContext.pages): only when the
 * parent stream is emitted, and every child read declares the parent fields it uses.
 */
export function pageOffload(plan: GroupPlan): ReadContext['pages'] {
  const member = plan.parentMember;
  if (!member) return undefined;
  const fields: string[] = ['id', ...plan.parent.keyProperties];
  if (plan.replication) fields.push(plan.replication.key);
  for (const child of plan.children) {
    if (!child.def.parentFields) return undefined;
    fields.push(...child.def.parentFields);
  }
  // Records whose emitted lists are cut come back whole: the parent's completeRecord completes them.
  const whole = plan.parent.completeRecord ? (plan.parent.completes ?? []).filter((f) => member.spec.fields.includes(f)) : [];
  return { render: member.spec, keep: [...new Set(fields)], ...(whole.length > 0 ? { whole } : {}) };
}

/**
 * Records that lack a key property (or carry a replication key that is no time) are never emitted: they
 * are counted per stream and reported once, with an example, when the group ends; with validate_records
 * the first one fails its stream.
 */
class Rejects {
  private readonly byStream = new Map<string, { count: number; example: string; why: string }>();
  /** Records emitted with a null replication key (valid, but no bound or bookmark can use them). */
  private readonly unbounded = new Map<string, { count: number; key: string; example: string }>();
  constructor(private readonly validate: boolean) {}

  /** The records of `raws` that may be emitted. `timeKey`: a date-time replication key to check. */
  keep(member: Member, raws: readonly RawRecord[], timeKey?: string): RawRecord[] {
    const out: RawRecord[] = [];
    for (const raw of raws) {
      const missing = member.spec.keyProperties.find((k) => raw[k] === undefined || raw[k] === null || raw[k] === '');
      const time = missing === undefined && timeKey !== undefined ? timeOf(raw[timeKey]) : 'time';
      if (missing === undefined && time !== 'not a time') {
        if (time === 'null') this.count(this.unbounded, member.def.name, { key: timeKey as string, example: clip(JSON.stringify(raw), 160) });
        out.push(raw);
        continue;
      }
      const why = missing !== undefined ? `without its key property ${missing}` : `whose ${timeKey} is not a time (${clip(JSON.stringify(raw[timeKey as string]), 40)})`;
      const example = clip(JSON.stringify(raw), 160);
      if (this.validate) throw new RecordValidationError(`stream ${member.def.name}: a record ${why}, e.g. ${example}`);
      this.count(this.byStream, member.def.name, { example, why });
    }
    return out;
  }

  private count<T extends { count: number }>(into: Map<string, T>, stream: string, first: Omit<T, 'count'>): void {
    const seen = into.get(stream);
    if (seen) seen.count++;
    else into.set(stream, { ...first, count: 1 } as T);
  }

  report(ctx: ReadContext): void {
    const s = (n: number): string => (n === 1 ? '' : 's');
    for (const [stream, { count, example, why }] of this.byStream) {
      ctx.warn('record_without_key', `${stream}: ${count} record${s(count)} not emitted, the first ${why}, e.g. ${example}`, { stream, count });
    }
    for (const [stream, { count, key, example }] of this.unbounded) {
      ctx.warn('replication_key_null', `${stream}: ${count} record${s(count)} emitted with ${key} null (outside any bookmark), e.g. ${example}`, { stream, count });
    }
  }
}

/**
 * A date-time replication key as the engine can bound it: unix time (a number), an RFC 3339 text with
 * its zone (the renderer keeps it), null; anything else (another text, a zone-less time) is no time.
 */
function timeOf(value: unknown): 'time' | 'null' | 'not a time' {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? 'time' : 'not a time';
  return typeof value === 'string' && parseDateTime(value) !== undefined && !lacksZone(value) ? 'time' : 'not a time';
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Writes records as RECORD lines: the lines a render worker made for them when it parsed their page, else rendered here. */
async function emit(member: Member, raws: RawRecord[], deps: GroupDeps): Promise<void> {
  if (raws.length === 0) return;
  const projected = raws.filter(isProjection);
  if (projected.length > 0 && projected.length < raws.length) {
    // A page parsed on a worker with some records sent whole (PageSpec.whole): each kind its way.
    await emit(member, projected, deps);
    await emit(member, raws.filter((r) => !isProjection(r)), deps);
    return;
  }
  const lines = renderedLines(member.spec, raws) ?? member.render.lines(raws, deps.now().toISOString());
  await deps.writer.writeRecordLines(lines);
  deps.progress.records(member.def.name, raws.length);
}

/**
 * Runs a group: reads the parent, emits the parent's records, fans out child reads in parallel, and
 * applies each checkpoint only once every child read started before it has finished.
 */
export async function runGroup(plan: GroupPlan, deps: GroupDeps): Promise<GroupResult> {
  const { parent, parentMember, children, replication } = plan;
  const rejects = new Rejects(deps.ctx.config.validate_records);
  const timeKey = replication?.kind === 'datetime' ? replication.key : undefined;
  /** Children whose reads failed: no new read starts for them and their bookmark stays. */
  const dropped = new Map<Member, unknown>();
  const read = parent.read;
  if (!read) throw new Error(`stream ${parent.name} cannot be read on its own`);
  const readParent = (): AsyncIterable<ReadEvent> => read.call(parent, deps.ctx);
  const pool = new Pool(deps.childParallelism);
  const barrier = new CheckpointBarrier();
  let failure: { err: unknown } | null = null;
  const fail = (err: unknown): void => {
    if (!failure) failure = { err };
  };
  /** childrenAfterParents: parents wait here (key fields only) until the parent read is over. */
  const deferred: Array<{ raw: RawRecord; value: number; exact: boolean }> = [];
  let deferredCheckpoint: number | undefined;

  /**
   * Reads and emits one parent's children of `child`. A failure drops that child only (no new read
   * starts for it, its bookmark stays), unless it stops the whole run (stopsTheRun): then the group fails.
   */
  const readChild = async (child: Member, raw: RawRecord): Promise<void> => {
    const readChildren = child.def.readChildren;
    if (!readChildren || failure || dropped.has(child)) return;
    try {
      for await (const page of readChildren.call(child.def, raw, deps.ctx)) {
        if (dropped.has(child)) return;
        await emit(child, rejects.keep(child, page), deps);
      }
    } catch (err) {
      if (stopsTheRun(err)) throw err;
      if (!dropped.has(child)) dropped.set(child, err);
    }
  };
  /** Whether `child` reads the children of a parent record whose key value is `value`. */
  const wants = (child: Member, value: number, exact: boolean): boolean =>
    child.def.readChildren !== undefined && !dropped.has(child) && !(replication && !exact && value < child.start);

  /**
   * A parent record that needs completing (completeRecord): completed, emitted, then read by its children,
   * all in one task, so that a checkpoint waits for the record and its children alike.
   */
  const completeThenEmit = (work: () => Promise<RawRecord>, member: Member, value: number, exact: boolean): void => {
    const epoch = barrier.taskStarted();
    pool
      .run(async () => {
        if (failure) return;
        const full = await work();
        await emit(member, [full], deps);
        await Promise.all(children.filter((child) => wants(child, value, exact)).map((child) => readChild(child, full)));
      })
      .catch(fail)
      .finally(() => barrier.taskDone(epoch));
  };

  const startChildren = (raw: RawRecord, value: number, exact: boolean): void => {
    for (const child of children) {
      if (!wants(child, value, exact)) continue;
      const epoch = barrier.taskStarted();
      pool
        .run(() => readChild(child, raw))
        .catch(fail)
        .finally(() => barrier.taskDone(epoch));
    }
  };

  const checkpoint = (value: number): void => {
    barrier.checkpoint(async () => {
      if (!replication || failure) return;
      let moved = false;
      for (const member of [parentMember, ...children]) {
        if (member && !dropped.has(member)) moved = deps.keeper.advance(member.def.name, replication.key, replication.kind, value) || moved;
      }
      if (moved) await deps.keeper.write();
    });
  };

  try {
    await consume();
  } catch (err) {
    fail(err);
  }
  if (parent.childrenAfterParents && !failure) {
    for (const { raw, value, exact } of deferred.splice(0)) {
      if (failure) break;
      startChildren(raw, value, exact);
      await pool.waitForRoom(deps.childParallelism * 4);
    }
    if (deferredCheckpoint !== undefined) checkpoint(deferredCheckpoint);
  }
  await pool.idle();
  await barrier.settled().catch(fail);
  rejects.report(deps.ctx);
  if (failure) throw (failure as { err: unknown }).err;
  return { failedChildren: [...dropped].map(([member, err]) => ({ stream: member.def.name, err })) };

  async function consume(): Promise<void> {
  for await (const event of readParent()) {
    if (failure) break;
    if (event.kind === 'total') {
      for (const m of [parentMember, ...children]) if (m) deps.progress.total(m.def.name, event.count);
    } else if (event.kind === 'checkpoint') {
      if (parent.childrenAfterParents) deferredCheckpoint = event.value;
      else checkpoint(event.value);
    } else {
      // Records asked for by id are emitted whatever their key; the others only inside the bounds.
      const exact = event.exact === true;
      const toEmit: RawRecord[] = [];
      const records = parentMember ? rejects.keep(parentMember, event.records, timeKey) : event.records;
      for (const raw of records) {
        const value = replication ? keyValue(raw, replication.key) : 0;
        if (replication && !exact && (value < replication.bounds.start || value > replication.bounds.end)) continue;
        if (parentMember && (exact || !(replication && value < parentMember.start))) {
          const work = parent.completeRecord?.call(parent, raw, parentMember.spec.fields, deps.ctx);
          if (work) {
            completeThenEmit(work, parentMember, value, exact);
            continue;
          }
          toEmit.push(raw);
        }
        if (children.length === 0) continue;
        if (parent.childrenAfterParents) deferred.push({ raw: childView(raw, replication?.key), value, exact });
        else startChildren(raw, value, exact);
      }
      if (parentMember) await emit(parentMember, toEmit, deps);
      // Every selected child failed and the parent is not emitted: nothing more to read for.
      if (!parentMember && children.every((c) => dropped.has(c))) break;
      // Hold the reader back while many child reads wait: memory stays flat.
      await pool.waitForRoom(deps.childParallelism * 4);
    }
  }
  }
}

/** What a child read needs of its parent: the id and the key (kept small while many wait). */
function childView(raw: RawRecord, key: string | undefined): RawRecord {
  const view: RawRecord = { id: raw['id'] };
  if (key !== undefined) view[key] = raw[key];
  return view;
}

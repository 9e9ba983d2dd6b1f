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
  /** Read all parents before the first child request (companies: the scroll must not idle). */
  childrenAfterParents?: boolean;
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
export async function runGroup(plan: GroupPlan, deps: GroupDeps): Promise<void> {
  const { parent, parentMember, children, replication } = plan;
  const read = parent.read;
  if (!read) throw new Error(`stream ${parent.name} cannot be read on its own`);
  const readParent = (): AsyncIterable<ReadEvent> => read.call(parent, deps.ctx);
  const pool = new Pool(deps.childParallelism);
  const barrier = new CheckpointBarrier();
  let failure: { err: unknown } | null = null;
  const fail = (err: unknown): void => {
    if (!failure) failure = { err };
  };
  /** Companies: parents wait here (key fields only) until the scroll is over. */
  const deferred: Array<{ raw: RawRecord; value: number }> = [];
  let deferredCheckpoint: number | undefined;

  /**
   * A parent record that needs completing (completeRecord): completed, emitted, then read by its children,
   * all in one task, so that a checkpoint waits for the record and its children alike.
   */
  const completeThenEmit = (work: () => Promise<RawRecord>, member: Member, value: number): void => {
    const epoch = barrier.taskStarted();
    pool
      .run(async () => {
        if (failure) return;
        const full = await work();
        await emit(member, [full], deps);
        await Promise.all(
          children.map(async (child) => {
            const readChildren = child.def.readChildren;
            if (!readChildren || (replication && value < child.start)) return;
            for await (const page of readChildren.call(child.def, full, deps.ctx)) await emit(child, page, deps);
          }),
        );
      })
      .catch(fail)
      .finally(() => barrier.taskDone(epoch));
  };

  const startChildren = (raw: RawRecord, value: number): void => {
    for (const child of children) {
      const readChildren = child.def.readChildren;
      if (!readChildren || (replication && value < child.start)) continue;
      const epoch = barrier.taskStarted();
      pool
        .run(async () => {
          if (failure) return;
          for await (const page of readChildren.call(child.def, raw, deps.ctx)) await emit(child, page, deps);
        })
        .catch(fail)
        .finally(() => barrier.taskDone(epoch));
    }
  };

  const checkpoint = (value: number): void => {
    barrier.checkpoint(async () => {
      if (!replication || failure) return;
      let moved = false;
      for (const member of [parentMember, ...children]) {
        if (member) moved = deps.keeper.advance(member.def.name, replication.key, replication.kind, value) || moved;
      }
      if (moved) await deps.keeper.write();
    });
  };

  try {
    await consume();
  } catch (err) {
    fail(err);
  }
  if (plan.childrenAfterParents && !failure) {
    for (const { raw, value } of deferred.splice(0)) {
      if (failure) break;
      startChildren(raw, value);
      await pool.waitForRoom(deps.childParallelism * 4);
    }
    if (deferredCheckpoint !== undefined) checkpoint(deferredCheckpoint);
  }
  await pool.idle();
  await barrier.settled().catch(fail);
  if (failure) throw (failure as { err: unknown }).err;

  async function consume(): Promise<void> {
  for await (const event of readParent()) {
    if (failure) break;
    if (event.kind === 'total') {
      for (const m of [parentMember, ...children]) if (m) deps.progress.total(m.def.name, event.count);
    } else if (event.kind === 'checkpoint') {
      if (plan.childrenAfterParents) deferredCheckpoint = event.value;
      else checkpoint(event.value);
    } else {
      const toEmit: RawRecord[] = [];
      for (const raw of event.records) {
        const value = replication ? keyValue(raw, replication.key) : 0;
        if (replication && (value < replication.bounds.start || value > replication.bounds.end)) continue;
        if (parentMember && !(replication && value < parentMember.start)) {
          const work = parent.completeRecord?.call(parent, raw, parentMember.spec.fields, deps.ctx);
          if (work) {
            completeThenEmit(work, parentMember, value);
            continue;
          }
          toEmit.push(raw);
        }
        if (children.length === 0) continue;
        if (plan.childrenAfterParents) deferred.push({ raw: childView(raw, replication?.key), value });
        else startChildren(raw, value);
      }
      if (parentMember) await emit(parentMember, toEmit, deps);
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

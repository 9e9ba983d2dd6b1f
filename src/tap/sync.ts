import { setMaxListeners } from 'node:events';
import { AbortedError, ForbiddenError, isTapError } from '../common/errors';
import type { ClientStats, IntercomClient } from '../http/types';
import type { Logger } from '../output/logger';
import type { ResolvedConfig } from '../config/resolved';
import { parseDateOrDateTime } from '../common/dates';
import { SCHEMA_DRIFT, compileRenderer, driftMessage, type RenderSpec } from '../render/records';
import { resolveSelection } from '../singer/catalog';
import type { Catalog, MessageWriter, StreamSelection, TapState } from '../singer/types';
import { STREAMS } from '../streams/registry';
import type { ReadContext, ReplicationKeyKind, StreamDefinition } from '../engine/contract';
import { pageOffload, runGroup, type GroupPlan, type Member } from '../engine/group';
import { Pool } from '../engine/pool';
import { silentProgress, type ProgressSink } from '../engine/progress';
import { StateKeeper } from '../engine/state-keeper';

export interface SyncOptions {
  config: ResolvedConfig;
  /** The catalog to sync; the CLI discovers one (default selection) when the user gave none. */
  catalog: Catalog;
  state: TapState;
  writer: MessageWriter;
  logger: Logger;
  client: IntercomClient;
  now: () => Date;
  signal: AbortSignal;
  progress?: ProgressSink;
  /** Streams (groups) read at once; default 4. */
  streamParallelism?: number;
  /** Catalog file name, for error messages. */
  catalogFile?: string;
  /** Waits asked for by stream rules (companies' scroll_exists); default real timers. Tests record instead. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SyncSummary {
  records: Record<string, number>;
  warnings: Array<{ code: string; message: string }>;
  skippedStreams: string[];
  http: ClientStats;
  seconds: number;
  state: TapState;
}

function keyKind(selection: StreamSelection, key: string): ReplicationKeyKind {
  const prop = selection.schema.properties?.[key];
  return prop?.format === 'date-time' ? 'datetime' : 'integer';
}

/** Groups the selected streams by parent: each selected stream, or parent of a selected child, leads one group. */
export function planGroups(
  selections: readonly StreamSelection[],
  defs: readonly StreamDefinition[],
  config: ResolvedConfig,
): Array<{ parent: StreamDefinition; parentSelection?: StreamSelection; children: StreamSelection[] }> {
  const byName = new Map(selections.map((s) => [s.name, s]));
  const standalone = (d: StreamDefinition): boolean => d.standaloneWhen?.(config) === true;
  const groups: Array<{ parent: StreamDefinition; parentSelection?: StreamSelection; children: StreamSelection[] }> = [];
  for (const def of defs) {
    if (def.parent && !standalone(def)) continue;
    const parentSelection = byName.get(def.name);
    const children = defs.filter((d) => d.parent === def.name && !standalone(d)).flatMap((d) => byName.get(d.name) ?? []);
    if (!parentSelection && children.length === 0) continue;
    groups.push({ parent: def, ...(parentSelection ? { parentSelection } : {}), children });
  }
  return groups;
}

export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const { config, writer, logger, client, now } = options;
  const progress = options.progress ?? silentProgress;
  const startedAt = Date.now();
  const selections = resolveSelection(options.catalog, STREAMS, options.catalogFile ?? 'catalog');
  const defs = new Map(STREAMS.map((d) => [d.name, d]));
  const keeper = new StateKeeper(options.state, writer);
  const warnings: SyncSummary['warnings'] = [];
  const records: Record<string, number> = {};
  const skippedStreams: string[] = [];
  const startUnix = Math.floor((parseDateOrDateTime(config.start_date) ?? 0) / 1000);
  const endMs = config.end_date !== undefined ? parseDateOrDateTime(config.end_date) : undefined;
  const signpost = Math.floor(Math.min(now().getTime(), endMs ?? Number.POSITIVE_INFINITY) / 1000);

  // Delegates explicitly (no spread), so a sink whose methods live on a class prototype works too.
  const counting: ProgressSink = {
    streamStarted: (stream) => progress.streamStarted(stream),
    total: (stream, count) => progress.total(stream, count),
    streamFinished: (stream, outcome) => progress.streamFinished(stream, outcome),
    records: (stream, count) => {
      records[stream] = (records[stream] ?? 0) + count;
      progress.records(stream, count);
    },
    warning: (code, message) => {
      warnings.push({ code, message });
      progress.warning(code, message);
    },
  };

  const warn: ReadContext['warn'] = (code, message, fields) => {
    logger.warn(message, { code, ...fields });
    counting.warning(code, message);
  };
  // One schema_drift warning per stream and top-level field per run, on this thread or a render worker's.
  const onDrift = (stream: string) => (fields: readonly string[]) => {
    for (const field of fields) warn(SCHEMA_DRIFT, driftMessage(stream, field), { stream, field });
  };

  // A failure in one stream stops the others: no new work starts, finished work is kept in state.
  const internal = new AbortController();
  setMaxListeners(0, internal.signal);
  const onAbort = (): void => internal.abort();
  options.signal.addEventListener('abort', onAbort);

  for (const selection of selections) {
    const message = {
      type: 'SCHEMA' as const,
      stream: selection.name,
      schema: selection.schema,
      key_properties: selection.keyProperties,
      ...(selection.replicationMethod === 'INCREMENTAL' && selection.replicationKey ? { bookmark_properties: [selection.replicationKey] } : {}),
    };
    await writer.writeSchema(message);
  }

  const member = (selection: StreamSelection, key: string | undefined, kind: ReplicationKeyKind): Member => {
    const def = defs.get(selection.name) as StreamDefinition;
    let start = kind === 'datetime' ? startUnix : 0;
    if (key !== undefined) {
      const bookmark = keeper.bookmark(selection.name, key, kind);
      if (bookmark !== undefined) start = kind === 'datetime' ? Math.max(startUnix, bookmark - config.lookback_window) : bookmark;
    }
    const spec: RenderSpec = {
      stream: selection.name,
      schema: selection.schema,
      fields: selection.fields,
      keyProperties: selection.keyProperties,
      validate: config.validate_records,
    };
    return { def, start, spec, render: compileRenderer(spec, onDrift(selection.name)) };
  };

  const plans: GroupPlan[] = planGroups(selections, STREAMS, config).map(({ parent, parentSelection, children }) => {
    const incremental = parentSelection ? parentSelection.replicationMethod === 'INCREMENTAL' : parent.replication.method === 'INCREMENTAL';
    const key = incremental ? parentSelection?.replicationKey ?? (parent.replication.method === 'INCREMENTAL' ? parent.replication.keys[0] : undefined) : undefined;
    const kind: ReplicationKeyKind = key === undefined ? 'datetime' : parentSelection ? keyKind(parentSelection, key) : key === 'id' ? 'integer' : 'datetime';
    const plan: GroupPlan = {
      parent,
      children: children.map((c) => member(c, key, kind)),
      ...(parent.name === 'companies' ? { childrenAfterParents: true } : {}),
    };
    if (parentSelection) plan.parentMember = member(parentSelection, key, kind);
    if (key !== undefined) {
      const starts = [plan.parentMember, ...plan.children].flatMap((m) => (m ? [m.start] : []));
      const end = kind === 'datetime' ? signpost : Number.MAX_SAFE_INTEGER;
      plan.replication = { key, kind, bounds: { key, kind, start: Math.min(...starts), end } };
    }
    return plan;
  });

  const streamsOf = (plan: GroupPlan): string[] => [plan.parentMember, ...plan.children].flatMap((m) => (m ? [m.def.name] : []));
  const pool = new Pool(options.streamParallelism ?? 4);
  let failure: { err: unknown } | null = null;

  await Promise.all(
    plans.map((plan) =>
      pool.run(async () => {
        if (internal.signal.aborted) return;
        const names = streamsOf(plan);
        names.forEach((n) => {
          keeper.started(n);
          counting.streamStarted(n);
          records[n] = records[n] ?? 0;
        });
        const pages = pageOffload(plan);
        const ctx: ReadContext = {
          client,
          config,
          logger,
          signal: internal.signal,
          pageSize: config.page_size,
          parallelism: config.search_parallelism,
          warn,
          ...(plan.replication ? { bounds: plan.replication.bounds } : {}),
          ...(pages ? { pages } : {}),
          ...(options.sleep ? { sleep: options.sleep } : {}),
        };
        let outcome: 'done' | 'skipped' | 'failed' = 'done';
        try {
          logger.info(`sync ${names.join(', ')}: starting`, plan.replication ? { key: plan.replication.key, from: plan.replication.bounds.start, to: plan.replication.bounds.end } : {});
          await runGroup(plan, { ctx, writer, keeper, progress: counting, now, childParallelism: config.max_concurrency });
          if (internal.signal.aborted) throw new AbortedError();
        } catch (err) {
          if (err instanceof ForbiddenError && config.skip_forbidden_streams) {
            outcome = 'skipped';
            skippedStreams.push(...names);
            ctx.warn('stream_forbidden', `${names.join(', ')} skipped: ${err.message}`);
          } else {
            outcome = 'failed';
            if (!failure) failure = { err };
            internal.abort();
          }
        } finally {
          names.forEach((n) => {
            keeper.finished(n);
            counting.streamFinished(n, outcome);
            logger.metric('counter', 'record_count', records[n] ?? 0, { endpoint: n, status: outcome });
          });
          logger.info(`sync ${names.join(', ')}: ${outcome}`, Object.fromEntries(names.map((n) => [n, records[n] ?? 0])));
        }
      }),
    ),
  );
  options.signal.removeEventListener('abort', onAbort);

  // The final STATE: always written, even after a failure, so that finished work is never redone.
  await keeper.write();
  await writer.flush();
  if (failure) {
    const err = (failure as { err: unknown }).err;
    throw options.signal.aborted && !isTapError(err) ? new AbortedError() : err;
  }
  if (options.signal.aborted) throw new AbortedError();
  return { records, warnings, skippedStreams, http: client.stats(), seconds: (Date.now() - startedAt) / 1000, state: keeper.current };
}

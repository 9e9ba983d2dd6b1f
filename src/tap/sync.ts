import { setMaxListeners } from 'node:events';
import { AbortedError, IntercomApiError, stopsTheRun } from '../common/errors';
import type { ClientStats, IntercomClient, RequestSpec } from '../http/types';
import type { Logger } from '../output/logger';
import type { ResolvedConfig } from '../config/resolved';
import { parseDateOrDateTime, toRfc3339 } from '../common/dates';
import { SCHEMA_DRIFT, compileRenderer, driftMessage, type RenderSpec } from '../render/records';
import { resolveSelection } from '../singer/catalog';
import type { Catalog, MessageWriter, StreamSelection, TapState } from '../singer/types';
import { STREAMS } from '../streams/registry';
import type { ReadContext, ReplicationKeyKind, StreamDefinition } from '../engine/contract';
import { pageOffload, runGroup, type GroupPlan, type Member } from '../engine/group';
import { Pool } from '../engine/pool';
import { silentProgress, type ProgressSink, type StreamOutcome } from '../engine/progress';
import { StateKeeper } from '../engine/state-keeper';
import { isUnavailable, streamFailure, unavailableStream, type StreamFailure, type UnavailableStream } from './outcome';

/** Groups (a parent stream with its selected children) read at once. */
export const STREAM_PARALLELISM = 4;

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
  /** Catalog file name, for error messages. */
  catalogFile?: string;
  /** Waits asked for by stream rules (companies' scroll_exists); default real timers. Tests record instead. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * How a sync ended. runSync returns one whatever happened once the streams started: a stream that
 * failed or was unavailable is named here and the others ran to the end; `fatal` is an error that
 * stopped every stream at once (401, stdout closed). The final STATE was written in every case.
 */
export interface SyncSummary {
  /** Records written per stream, registry order. */
  records: Record<string, number>;
  /** How each synced stream ended, registry order. */
  streams: Record<string, StreamOutcome>;
  warnings: Array<{ code: string; message: string }>;
  unavailable: UnavailableStream[];
  failures: StreamFailure[];
  /** The run was asked to stop (the signal of SyncOptions). */
  interrupted: boolean;
  fatal?: unknown;
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

/** The endpoint of a request path: no origin, no query, id segments (any with a digit) as {id}. */
function routeOf(path: string): string {
  const bare = path.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0] ?? '';
  return bare
    .split('/')
    .map((segment) => (/\d/.test(segment) ? '{id}' : segment))
    .join('/');
}

export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const { config, writer, logger, now } = options;
  const progress = options.progress ?? silentProgress;
  const startedAt = Date.now();
  const selections = resolveSelection(options.catalog, STREAMS, options.catalogFile ?? 'catalog');
  const defs = new Map(STREAMS.map((d) => [d.name, d]));
  const keeper = new StateKeeper(options.state, writer);
  const warnings: SyncSummary['warnings'] = [];
  const records: Record<string, number> = {};
  const outcomes = new Map<string, StreamOutcome>();
  const unavailable: UnavailableStream[] = [];
  const failures: StreamFailure[] = [];
  let fatal: { err: unknown } | undefined;
  const startUnix = Math.floor((parseDateOrDateTime(config.start_date) ?? 0) / 1000);
  const endMs = config.end_date !== undefined ? parseDateOrDateTime(config.end_date) : undefined;
  const signpost = Math.floor(Math.min(now().getTime(), endMs ?? Number.POSITIVE_INFINITY) / 1000);

  // An error on a stream's first request to one of its endpoints may mean the workspace does not offer
  // the stream; once that endpoint has answered, an error there is the stream's failure.
  const answered = new Set<string>();
  const onFirstRequest = new WeakSet<object>();
  const client: IntercomClient = {
    request: async <T>(spec: RequestSpec) => {
      const key = `${spec.stream} ${spec.method} ${routeOf(spec.path)}`;
      try {
        const response = await options.client.request<T>(spec);
        answered.add(key);
        return response;
      } catch (err) {
        if (!answered.has(key) && typeof err === 'object' && err !== null) onFirstRequest.add(err);
        throw err;
      }
    },
    error: (spec, message, from) => options.client.error(spec, message, from),
    stats: () => options.client.stats(),
    abort: () => options.client.abort(),
    close: () => options.client.close(),
  };

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

  // One stream's failure stops no other; a signal or an error that stops the run (stopsTheRun) stops all.
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
    const plan: GroupPlan = { parent, children: children.map((c) => member(c, key, kind)) };
    if (parentSelection) plan.parentMember = member(parentSelection, key, kind);
    if (key !== undefined) {
      const starts = [plan.parentMember, ...plan.children].flatMap((m) => (m ? [m.start] : []));
      const end = kind === 'datetime' ? signpost : Number.MAX_SAFE_INTEGER;
      plan.replication = { key, kind, bounds: { key, kind, start: Math.min(...starts), end } };
    }
    return plan;
  });

  const membersOf = (plan: GroupPlan): Member[] => [plan.parentMember, ...plan.children].flatMap((m) => (m ? [m] : []));
  /** A key value for logs: RFC 3339 for times, the number for ids. */
  const shown = (kind: ReplicationKeyKind, value: number): string | number => (kind === 'datetime' ? toRfc3339(value * 1000) : value);

  /** Records how `streams` ended on `err`, raised by a request of `stream` (or by its read). */
  const settle = (stream: string, streams: readonly string[], err: unknown): void => {
    const def = defs.get(stream) as StreamDefinition;
    if (typeof err === 'object' && err !== null && onFirstRequest.has(err) && isUnavailable(err, def)) {
      const u = unavailableStream(err, def, streams, config.api_version);
      unavailable.push(u);
      streams.forEach((n) => outcomes.set(n, 'unavailable'));
      warn('stream_unavailable', u.message, { stream, status: u.status, ...(u.code !== undefined ? { intercom_code: u.code } : {}) });
      return;
    }
    failures.push(streamFailure(err, stream, streams));
    streams.forEach((n) => outcomes.set(n, 'failed'));
  };

  const pool = new Pool(STREAM_PARALLELISM);
  await Promise.all(
    plans.map((plan) =>
      pool.run(async () => {
        if (internal.signal.aborted) return;
        const members = membersOf(plan);
        const names = members.map((m) => m.def.name);
        members.forEach((m) => {
          keeper.started(m.def.name);
          counting.streamStarted(m.def.name);
          records[m.def.name] = records[m.def.name] ?? 0;
          const from = plan.replication ? { key: plan.replication.key, from: shown(plan.replication.kind, m.start), to: shown(plan.replication.kind, plan.replication.bounds.end) } : {};
          logger.info(`sync ${m.def.name}: starting`, from);
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
        try {
          const result = await runGroup(plan, { ctx, writer, keeper, progress: counting, now, childParallelism: config.max_concurrency });
          if (internal.signal.aborted) throw new AbortedError();
          for (const { stream, err } of result.failedChildren) settle(stream, [stream], err);
        } catch (err) {
          if (stopsTheRun(err) || internal.signal.aborted) {
            if (!(err instanceof AbortedError) && !options.signal.aborted && !fatal) {
              fatal = { err };
              internal.abort();
              options.client.abort();
            }
            names.forEach((n) => outcomes.set(n, 'interrupted'));
          } else {
            // Whose request failed: a child's first request may make only that child unavailable, but the
            // group failed as a whole, so every stream of it ends with the error.
            const own = err instanceof IntercomApiError && names.includes(err.details.stream) ? err.details.stream : plan.parent.name;
            settle(defs.has(own) ? own : plan.parent.name, names, err);
          }
        } finally {
          for (const n of names) {
            const outcome = outcomes.get(n) ?? 'done';
            outcomes.set(n, outcome);
            keeper.finished(n);
            counting.streamFinished(n, outcome);
            logger.metric('counter', 'record_count', records[n] ?? 0, { endpoint: n, status: outcome });
            // After an error that stops the run, its ERROR line tells what happened.
            if (!fatal) logger.info(`sync ${n}: ${outcome}`, { records: records[n] ?? 0 });
          }
        }
      }),
    ),
  );
  options.signal.removeEventListener('abort', onAbort);

  // The final STATE: always written, also after failures, so that finished work is never redone.
  try {
    await keeper.write();
    await writer.flush();
  } catch (err) {
    if (!fatal) fatal = { err };
  }
  const order = (name: string): number => STREAMS.findIndex((d) => d.name === name);
  const synced = [...outcomes.keys()].sort((a, b) => order(a) - order(b));
  return {
    records: Object.fromEntries(synced.map((n) => [n, records[n] ?? 0])),
    streams: Object.fromEntries(synced.map((n) => [n, outcomes.get(n) as StreamOutcome])),
    warnings,
    unavailable,
    failures,
    interrupted: options.signal.aborted,
    ...(fatal ? { fatal: fatal.err } : {}),
    http: options.client.stats(),
    seconds: (Date.now() - startedAt) / 1000,
    state: keeper.current,
  };
}

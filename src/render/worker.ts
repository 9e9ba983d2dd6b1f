/**
 * A render worker: parses a page body, renders every record of its list to RECORD lines with the
 * stream's compiled renderer (records.ts), and answers with the lines as UTF-8 bytes (with each
 * record's offset) and the body whose list holds projections: the fields the engine still needs.
 */
import { parentPort } from 'node:worker_threads';
import { RecordValidationError } from '../common/errors';
import { parseBody } from '../http/body';
import type { RawRecord } from '../common/json';
import type { FromWorker, ToWorker } from './protocol';
import { compileRenderer, type Renderer } from './records';
import { isWhole } from './rendered';

const renderers = new Map<number, Renderer>();
/** Schema drift seen while rendering the current page (the renderer reports each field once per worker). */
let pageDrift: string[] = [];

/** The fields the engine keeps of a record; the record itself when one of the `whole` lists is cut (the reader completes it). */
function project(record: RawRecord, keep: readonly string[], whole: readonly string[]): RawRecord {
  if (isWhole(record, whole)) return record;
  const out: RawRecord = {};
  for (const key of keep) if (record[key] !== undefined) out[key] = record[key];
  return out;
}

function parsePage(message: Extract<ToWorker, { kind: 'page' }>): FromWorker {
  const renderer = renderers.get(message.spec);
  if (renderer === undefined) throw new Error(`render spec ${message.spec} unknown to the worker`);
  const { job } = message;
  const parsed = parseBody(message.bytes);
  const data = parsed.data;
  const list = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[message.listKey] : undefined;
  const records = Array.isArray(list) ? (list as RawRecord[]) : [];
  pageDrift = [];
  const lineTexts = renderer.each(records, message.timeExtracted);
  const drift = pageDrift;
  // One pass: encode each line into room for the worst case (3 bytes per UTF-16 unit), noting offsets.
  let units = 0;
  for (const line of lineTexts) units += line.length;
  const room = Buffer.allocUnsafeSlow(units * 3);
  const offsets = new Uint32Array(records.length + 1);
  let size = 0;
  for (let i = 0; i < lineTexts.length; i++) {
    offsets[i] = size;
    size += room.write(lineTexts[i] as string, size, 'utf8');
  }
  offsets[records.length] = size;
  const lines = Buffer.allocUnsafeSlow(size);
  room.copy(lines, 0, 0, size);
  if (Array.isArray(list)) (data as Record<string, unknown>)[message.listKey] = records.map((r) => project(r, message.keep, message.whole));
  return { job, parsed, lines, offsets, drift };
}

const port = parentPort;
if (port !== null) {
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'spec') {
      renderers.set(message.id, compileRenderer(message.spec, (fields) => pageDrift.push(...fields)));
      return;
    }
    let answer: FromWorker;
    try {
      answer = parsePage(message);
    } catch (err) {
      answer = { job: message.job, error: err instanceof Error ? err.message : String(err), validation: err instanceof RecordValidationError };
    }
    // The lines own their memory (allocUnsafeSlow): moved to the main thread, not copied.
    port.postMessage(answer, 'lines' in answer ? [answer.lines.buffer as ArrayBuffer, answer.offsets.buffer as ArrayBuffer] : []);
  });
}

/**
 * The kinds of stream the fault matrix runs against, generic over how each reads: a plain list, a
 * search over windows, the companies scroll, and a parent with children. Each kind names the routes
 * its data comes from (where faults are injected) and how to compare its records with the fake's
 * ground truth.
 */
import type { FakeIntercom, GroundTruthRow } from '../fake-intercom';
import type { JsonObject } from '../../src/common/json';

export interface StreamKind {
  kind: 'plain' | 'search' | 'scroll' | 'parent/child' | 'parent/child (contacts)';
  streams: readonly string[];
  /** Fake routes (`METHOD /pattern`) that serve this kind's data. */
  routes: readonly string[];
  /**
   * A scroll cannot be resumed: each lost answer restarts it, a bounded number of times per run, so only
   * a couple of one-shot faults are injected there instead of a rate over every page.
   */
  boundedFaults?: boolean;
}

export const KINDS: readonly StreamKind[] = [
  { kind: 'plain', streams: ['tags', 'admins'], routes: ['GET /tags', 'GET /admins'] },
  { kind: 'search', streams: ['contacts'], routes: ['POST /contacts/search'] },
  { kind: 'scroll', streams: ['companies'], routes: ['GET /companies/scroll'], boundedFaults: true },
  { kind: 'parent/child', streams: ['conversations', 'conversation_parts'], routes: ['POST /conversations/search', 'GET /conversations/{id}'] },
  { kind: 'parent/child (contacts)', streams: ['contacts', 'contact_tags'], routes: ['GET /contacts/{id}/tags', 'POST /contacts/search'] },
];

/** Small workspaces: many pages at page_size 20, seconds per run. */
export const SMALL_COUNTS = { contacts: 150, companies: 250, conversations: 40, tickets: 10 };

/** How a record of a stream is matched against the ground truth: `parent:id` for children. */
const RECORD_KEY: Record<string, (r: JsonObject) => string> = {
  conversation_parts: (r) => `${String(r['conversation_id'])}:${String(r['id'])}`,
  contact_tags: (r) => `${String(r['contact_id'])}:${String(r['id'])}`,
  contact_companies: (r) => `${String(r['contact_id'])}:${String(r['id'])}`,
  contact_segments: (r) => `${String(r['contact_id'])}:${String(r['id'])}`,
  company_contacts: (r) => `${String(r['company_id'])}:${String(r['contact_id'] ?? r['id'])}`,
};

export function recordKey(stream: string, record: JsonObject): string {
  const keyOf = RECORD_KEY[stream];
  return keyOf ? keyOf(record) : String(record['id']);
}

function truthKey(stream: string, row: GroundTruthRow): string {
  return RECORD_KEY[stream] ? `${row.parent_id ?? ''}:${row.id}` : row.id;
}

/** The keys the tap must emit for a stream (fake data all lie after start_date 2000-01-01 and before now). */
export function truthKeys(fake: FakeIntercom, stream: string): string[] {
  return fake.groundTruth(stream).map((row) => truthKey(stream, row));
}

/** The largest value of `key` in a stream's ground truth, as the RFC 3339 bookmark the tap writes. */
export function expectedBookmark(fake: FakeIntercom, stream: string, key = 'updated_at'): string | undefined {
  const values = fake.groundTruth(stream).flatMap((r) => {
    const value = key === 'updated_at' ? r.updated_at : key === 'created_at' ? r.created_at : undefined;
    return value === undefined ? [] : [value];
  });
  if (values.length === 0) return undefined;
  return new Date(Math.max(...values) * 1000).toISOString().replace('.000Z', '.000000Z');
}

/** Start date for every fault run: before all fake data, so the whole ground truth is expected. */
export const START_DATE = '2000-01-01T00:00:00Z';

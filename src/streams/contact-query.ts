import type { ResolvedConfig } from '../config/resolved';
import { andOf, MAX_GROUP_FILTERS, orOf, type SearchFilter } from './search';

/**
 * The `POST /contacts/search` queries of one time window, with the user's filters pushed into the query
 * (`contact_role`, `segment_ids`, `tag_ids`, `company_ids`), not applied after the fact.
 *
 * Intercom allows 2 levels of groups and at most 15 filters in one AND/OR group (docs/intercom-api.md §3). The
 * root is `AND[updated_at >, updated_at <, role =, OR[segment_id = …], OR[tag_id = …], OR[company_id = …]]`:
 * the id lists are the second level. A list of more than 15 ids is cut into chunks of 15 and one query is
 * made per combination of chunks (their union is the wanted set; a contact matching several queries is
 * deduplicated by the reader).
 */
type IdField = 'segment_id' | 'tag_id' | 'company_id';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function anyOf(field: IdField, ids: readonly string[]): SearchFilter {
  return orOf(ids.map((id): SearchFilter => ({ field, operator: '=', value: id })));
}

/** Groups of alternatives: each query takes one group from every entry (a cartesian product). */
function idGroups(config: Pick<ResolvedConfig, 'segment_ids' | 'tag_ids' | 'company_ids'>): SearchFilter[][] {
  const lists: Array<[IdField, readonly string[] | undefined]> = [
    ['segment_id', config.segment_ids],
    ['tag_id', config.tag_ids],
    ['company_id', config.company_ids],
  ];
  const out: SearchFilter[][] = [];
  for (const [field, ids] of lists) {
    const unique = [...new Set(ids ?? [])];
    if (unique.length > 0) out.push(chunks(unique, MAX_GROUP_FILTERS).map((chunk) => anyOf(field, chunk)));
  }
  return out;
}

function product(groups: SearchFilter[][]): SearchFilter[][] {
  let combos: SearchFilter[][] = [[]];
  for (const alternatives of groups) combos = combos.flatMap((combo) => alternatives.map((alt) => [...combo, alt]));
  return combos;
}

export type ContactFilterConfig = Pick<ResolvedConfig, 'contact_role' | 'segment_ids' | 'tag_ids' | 'company_ids'>;

/**
 * The filters every query carries besides the date range, one list per query to send. Always at least
 * one list (empty when the user set no filter).
 */
export function contactFilterSets(config: ContactFilterConfig): SearchFilter[][] {
  const role: SearchFilter[] = config.contact_role !== undefined ? [{ field: 'role', operator: '=', value: config.contact_role }] : [];
  return product(idGroups(config)).map((ids) => [...role, ...ids]);
}

/**
 * `updated_at > after AND updated_at < before AND <filters>`. Contact dates compare by day, so `after`
 * and `before` come from `queryBounds(window, 'day')`, which covers the window's days whole.
 */
export function contactSearchQuery(filters: readonly SearchFilter[], after: number, before: number): SearchFilter {
  return andOf([{ field: 'updated_at', operator: '>', value: after }, { field: 'updated_at', operator: '<', value: before }, ...filters]);
}

/** `sort` on contact search is documented from 2.16 on (2.11's request schema has none). */
export function contactSortSupported(apiVersion: string): boolean {
  const m = /^(\d+)\.(\d+)$/.exec(apiVersion);
  if (!m) return apiVersion.toLowerCase() === 'preview' || apiVersion.toLowerCase() === 'unstable';
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 2 || (major === 2 && minor >= 16);
}

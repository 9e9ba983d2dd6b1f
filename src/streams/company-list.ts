import { IntercomApiError } from '../common/errors';
import type { ApiResponse } from '../http/types';
import type { RawRecord } from '../common/json';
import { listOf, totalCount } from './paginate';
import type { ReadContext, ReadEvent } from '../engine/contract';

/**
 * `companies_endpoint: 'list'`: POST /companies/list, page-number paged and sorted by last_request_at.
 * Intercom leaves out companies without contacts and refuses to page past 10,000 companies: the start
 * of the read warns about the first, and the second fails the run with a message naming the fix.
 * Pages are asked newest first (`order=desc`): a company used during the sync moves to the front, so the
 * others only shift towards later pages (seen twice, deduped by id), never skipped.
 */
export const COMPANY_LIST_LIMIT = 10_000;
const STREAM = 'companies';
const PATH = '/companies/list';

type Body = Record<string, unknown>;

export async function* listCompanies(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  ctx.warn(
    'companies_list_mode',
    `companies_endpoint is "list": POST ${PATH} leaves out companies without contacts and stops at ${COMPANY_LIST_LIMIT} companies; use "scroll" (the default) to read every company`,
  );
  const seen = new Set<string>();
  for (let page = 1; ; page += 1) {
    let res: ApiResponse<Body>;
    try {
      res = await ctx.client.request<Body>({ method: 'POST', path: PATH, stream: STREAM, query: { page, per_page: ctx.pageSize, order: 'desc' } });
    } catch (err) {
      if (err instanceof IntercomApiError && err.details.status === 400) {
        throw new IntercomApiError(
          `POST ${PATH} refused page ${page} (Intercom pages through at most ${COMPANY_LIST_LIMIT} companies): set companies_endpoint to "scroll" to read every company. ${err.message}`,
          err.details,
          false,
          { cause: err },
        );
      }
      throw err;
    }
    const total = totalCount(res.data);
    if (page === 1 && total !== undefined) {
      if (total > COMPANY_LIST_LIMIT) {
        throw new IntercomApiError(
          `POST ${PATH}: this workspace has ${total} companies with contacts but the list endpoint stops at ${COMPANY_LIST_LIMIT}: set companies_endpoint to "scroll" to read every company`,
          { method: 'POST', url: `${ctx.config.base_url.replace(/\/+$/, '')}${PATH}`, stream: STREAM, status: res.status },
          false,
        );
      }
      yield { kind: 'total', count: total };
    }
    const records = listOf(res.data, 'data');
    const fresh: RawRecord[] = records.filter((r) => {
      const id = String(r['id']);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (fresh.length > 0) yield { kind: 'records', records: fresh };
    const pages = res.data['pages'] as Body | null | undefined;
    const totalPages = typeof pages?.['total_pages'] === 'number' ? pages['total_pages'] : page;
    if (records.length === 0 || page >= totalPages) return;
  }
}

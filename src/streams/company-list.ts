import { IntercomApiError } from '../common/errors';
import { numberedPages, totalCount } from './paginate';
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

export async function* listCompanies(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  ctx.warn(
    'companies_list_mode',
    `companies_endpoint is "list": POST ${PATH} leaves out companies without contacts and stops at ${COMPANY_LIST_LIMIT} companies; use "scroll" (the default) to read every company`,
  );
  let page = 0;
  try {
    for await (const got of numberedPages(ctx, { stream: STREAM, path: PATH, method: 'POST', list: 'data', query: { order: 'desc' } })) {
      page += 1;
      const total = totalCount(got.body);
      if (page === 1 && total !== undefined) {
        if (total > COMPANY_LIST_LIMIT) {
          throw new IntercomApiError(
            `POST ${PATH}: this workspace has ${total} companies with contacts but the list endpoint stops at ${COMPANY_LIST_LIMIT}: set companies_endpoint to "scroll" to read every company`,
            { method: 'POST', url: `${ctx.config.base_url.replace(/\/+$/, '')}${PATH}`, stream: STREAM, status: got.status },
            false,
          );
        }
        yield { kind: 'total', count: total };
      }
      if (got.records.length > 0) yield { kind: 'records', records: got.records };
    }
  } catch (err) {
    if (err instanceof IntercomApiError && err.details.status === 400) {
      throw new IntercomApiError(
        `POST ${PATH} refused page ${page + 1} (Intercom pages through at most ${COMPANY_LIST_LIMIT} companies): set companies_endpoint to "scroll" to read every company. ${err.message}`,
        err.details,
        false,
        { cause: err },
      );
    }
    throw err;
  }
}

import { readCompanyContacts } from './company-contacts';
import { listCompanies } from './company-list';
import { scrollCompanies } from './company-scroll';
import { withFinalCheckpoint } from './paginate';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * companies: GET /companies/scroll (default) or POST /companies/list (`companies_endpoint: 'list'`).
 *
 * Incremental on updated_at with a CLIENT-SIDE filter: neither endpoint can filter or sort by
 * updated_at, so every run reads every company and the engine keeps those inside the bounds
 * (start <= updated_at <= end). An incremental run saves writes, not requests.
 * The order is not by updated_at, so the only checkpoint comes at the end: the largest updated_at
 * inside the bounds (never a value above the run's end, whose records the engine did not emit).
 */
function readCompanies(ctx: ReadContext): AsyncIterable<ReadEvent> {
  return withFinalCheckpoint(ctx.config.companies_endpoint === 'list' ? listCompanies(ctx) : scrollCompanies(ctx), ctx.bounds);
}

export const companyReaders: Readers = {
  companies: { read: readCompanies },
  company_contacts: { readChildren: readCompanyContacts, parentFields: ['id'] },
};

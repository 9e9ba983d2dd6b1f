import type { RawRecord } from '../common/json';
import { readCompanyContacts } from './company-contacts';
import { listCompanies } from './company-list';
import { scrollCompanies } from './company-scroll';
import { keyValue } from '../engine/contract';
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
async function* readCompanies(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const bounds = ctx.bounds;
  const events: AsyncIterable<ReadEvent> = ctx.config.companies_endpoint === 'list' ? listCompanies(ctx) : asEvents(scrollCompanies(ctx));
  let max = Number.NEGATIVE_INFINITY;
  for await (const event of events) {
    if (bounds && event.kind === 'records') {
      for (const r of event.records) {
        const v = keyValue(r, bounds.key);
        if (v >= bounds.start && v <= bounds.end && v > max) max = v;
      }
    }
    yield event;
  }
  if (Number.isFinite(max)) yield { kind: 'checkpoint', value: max };
}

async function* asEvents(pages: AsyncIterable<RawRecord[]>): AsyncGenerator<ReadEvent> {
  for await (const records of pages) yield { kind: 'records', records };
}

export const companyReaders: Readers = {
  companies: { read: readCompanies },
  company_contacts: { readChildren: readCompanyContacts, parentFields: ['id'] },
};

import type { RawRecord } from '../common/json';
import { parentId } from './by-id';
import { cursorPages } from './paginate';
import type { ReadContext } from '../engine/contract';

/**
 * company_contacts: GET /companies/{id}/contacts, cursor paged, for each company the engine hands over
 * (only companies changed within the bounds; after the whole scroll, so the scroll never idles).
 * Each record is the contact, with `company_id` (the parent's Intercom id) and `contact_id` (the key).
 * A company deleted between the scroll and this call (404) has no contacts to give: a warning, no failure.
 */
const STREAM = 'company_contacts';

export async function* readCompanyContacts(parent: RawRecord, ctx: ReadContext): AsyncGenerator<RawRecord[]> {
  const companyId = parentId(ctx, parent, STREAM);
  if (companyId === undefined) return;
  const path = `/companies/${encodeURIComponent(companyId)}/contacts`;
  for await (const page of cursorPages(ctx, { stream: STREAM, path, list: 'data', acceptStatus: [404] })) {
    if (page.status === 404) {
      ctx.warn('company_not_found', `company_contacts: company ${companyId} no longer exists; its contacts were skipped`, { company_id: companyId });
      return;
    }
    if (page.records.length > 0) yield page.records.map((c) => ({ ...c, company_id: companyId, contact_id: String(c['id']) }));
  }
}

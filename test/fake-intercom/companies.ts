/** Company records generated from (seed, index). */
import { COMPANY_CUSTOM_ATTRS, customAttributes } from './attributes';
import { COMPANY_WORDS, INDUSTRIES, PLANS } from './pools';
import { recordRng } from './prng';
import { buildSegment, buildTag } from './small-sets';
import type { ApiVersion } from './version';
import type { World } from './world';

/** last_request_at of company c (the sort key of POST /companies/list). */
export function companyLastRequest(w: World, c: number): number {
  const t = w.tables.companies;
  const created = t.created[c] as number;
  const r = recordRng(w.seed, 'companies', c, 4);
  return created + r.int(Math.max(1, (t.updated[c] as number) - created + 1));
}

export function buildCompany(w: World, c: number, v: ApiVersion): Record<string, unknown> {
  const t = w.tables.companies;
  const r = recordRng(w.seed, 'companies', c, 0);
  const planK = r.int(PLANS.length + 1);
  const tagCount = r.chance(0.7) ? 0 : 1 + r.int(2);
  const tags: Record<string, unknown>[] = [];
  for (let j = 0; j < tagCount; j++) tags.push(buildTag((c * 7 + j * 3) % w.fixed.tags));
  const out: Record<string, unknown> = {
    type: 'company',
    company_id: `remote-${c}`,
    id: w.ids.hex('company', c),
    app_id: 'fake0app',
    name: `${r.pick(COMPANY_WORDS)} ${c}`,
    remote_created_at: t.created[c],
    created_at: t.created[c],
    updated_at: t.updated[c],
    last_request_at: companyLastRequest(w, c),
    size: r.chance(0.2) ? null : r.range(1, 5000),
    website: r.chance(0.3) ? '' : `https://company-${c}.example.com`,
    industry: r.pick(INDUSTRIES) ?? '',
    monthly_spend: r.chance(0.5) ? 0 : r.int(100000),
    session_count: r.int(1000),
    user_count: w.companyContacts(c).length,
    plan: planK === PLANS.length ? {} : { type: 'plan', id: String(300 + planK), name: PLANS[planK] },
    custom_attributes: customAttributes(recordRng(w.seed, 'companies', c, 7), COMPANY_CUSTOM_ATTRS, w.anchor),
    tags: { type: 'tag.list', tags },
    segments: { type: 'segment.list', segments: w.companySegments(c).map((s) => buildSegment(w, s, true, null)) },
  };
  if (v === '2.16') out['notes'] = { type: 'note.list', notes: [] };
  return out;
}


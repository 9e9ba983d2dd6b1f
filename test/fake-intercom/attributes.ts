/** Custom data attributes (every data type, awkward names, archived ones) and their values. */
import type { Rng } from './prng';

export type AttrType = 'string' | 'integer' | 'float' | 'boolean' | 'date';
export interface CustomAttr {
  id: number;
  name: string;
  type: AttrType;
  archived: boolean;
  /** Probability that a record holds null for it. */
  nullRate: number;
}

export const CONTACT_CUSTOM_ATTRS: readonly CustomAttr[] = [
  { id: 101, name: 'Plan Name', type: 'string', archived: false, nullRate: 0.1 },
  { id: 102, name: 'seat.count', type: 'integer', archived: false, nullRate: 0.15 },
  { id: 103, name: 'MRR', type: 'float', archived: false, nullRate: 0.2 },
  { id: 104, name: 'isVIP', type: 'boolean', archived: false, nullRate: 0.1 },
  { id: 105, name: 'Trial Ends', type: 'date', archived: false, nullRate: 0.3 },
  { id: 106, name: 'café ☕ notes', type: 'string', archived: false, nullRate: 0.4 },
  { id: 107, name: '2fa_enabled', type: 'boolean', archived: false, nullRate: 0.2 },
  { id: 108, name: 'Lifetime.Value €', type: 'float', archived: false, nullRate: 0.25 },
  { id: 109, name: 'Renewal Date', type: 'date', archived: false, nullRate: 0.5 },
  { id: 110, name: 'legacy_score', type: 'integer', archived: true, nullRate: 0.5 },
  { id: 111, name: 'Old Flag', type: 'boolean', archived: true, nullRate: 0.6 },
];

export const COMPANY_CUSTOM_ATTRS: readonly CustomAttr[] = [
  { id: 201, name: 'Industry Segment', type: 'string', archived: false, nullRate: 0.1 },
  { id: 202, name: 'employees.count', type: 'integer', archived: false, nullRate: 0.2 },
  { id: 203, name: 'ARR', type: 'float', archived: false, nullRate: 0.2 },
  { id: 204, name: 'Is Partner', type: 'boolean', archived: false, nullRate: 0.1 },
  { id: 205, name: 'Contract Start', type: 'date', archived: false, nullRate: 0.3 },
  { id: 206, name: 'Région', type: 'string', archived: false, nullRate: 0.3 },
  { id: 207, name: '3rd_party_id', type: 'string', archived: false, nullRate: 0.2 },
  { id: 208, name: 'deprecated_tier', type: 'string', archived: true, nullRate: 0.5 },
];

export const WORDS = ['alpha', 'Beta', 'gamma 🚀', 'Ωmega', 'naïve', '東京', 'zürich', 'n/a', '', 'x"quote"y', 'back\\slash'];

export function attrValue(rng: Rng, attr: CustomAttr, anchor: number): string | number | boolean | null {
  if (rng.chance(attr.nullRate)) return null;
  switch (attr.type) {
    case 'string':
      return rng.pick(WORDS);
    case 'integer':
      return rng.range(-5, 5000);
    case 'float':
      return Math.round(rng.next() * 1e6) / 100;
    case 'boolean':
      return rng.chance(0.5);
    case 'date':
      return anchor - rng.int(3 * 365 * 86400) + 180 * 86400;
  }
}

/** Custom attributes of one record: every live attribute (maybe null), archived ones sometimes. */
export function customAttributes(rng: Rng, attrs: readonly CustomAttr[], anchor: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of attrs) {
    const v = attrValue(rng, a, anchor);
    if (a.archived && v === null) continue;
    out[a.name] = v;
  }
  return out;
}

interface BuiltinAttr { name: string; type: AttrType; label: string }
const CONTACT_BUILTINS: BuiltinAttr[] = [
  { name: 'name', type: 'string', label: 'Name' },
  { name: 'email', type: 'string', label: 'Email' },
  { name: 'phone', type: 'string', label: 'Phone' },
  { name: 'external_id', type: 'string', label: 'User ID' },
  { name: 'created_at', type: 'date', label: 'Signed up' },
  { name: 'last_seen_at', type: 'date', label: 'Last seen' },
  { name: 'unsubscribed_from_emails', type: 'boolean', label: 'Unsubscribed from Emails' },
  { name: 'location.city', type: 'string', label: 'City' },
];
const COMPANY_BUILTINS: BuiltinAttr[] = [
  { name: 'name', type: 'string', label: 'Company name' },
  { name: 'company_id', type: 'string', label: 'Company ID' },
  { name: 'created_at', type: 'date', label: 'Company created at' },
  { name: 'size', type: 'integer', label: 'Company size' },
  { name: 'monthly_spend', type: 'float', label: 'Monthly Spend' },
  { name: 'plan.name', type: 'string', label: 'Plan' },
];

/** `data_attribute` objects of a model, as `GET /data_attributes` returns them. */
export function dataAttributes(model: 'contact' | 'company', includeArchived: boolean, anchor: number): Record<string, unknown>[] {
  const builtins = model === 'contact' ? CONTACT_BUILTINS : COMPANY_BUILTINS;
  const customs = model === 'contact' ? CONTACT_CUSTOM_ATTRS : COMPANY_CUSTOM_ATTRS;
  const out: Record<string, unknown>[] = builtins.map((b) => ({
    type: 'data_attribute', name: b.name, full_name: b.name, label: b.label, description: b.label,
    data_type: b.type, api_writable: false, ui_writable: false, messenger_writable: false,
    custom: false, archived: false, model,
  }));
  for (const c of customs) {
    if (c.archived && !includeArchived) continue;
    out.push({
      type: 'data_attribute', id: c.id, name: c.name, full_name: `custom_attributes.${c.name}`, label: c.name,
      description: `Custom ${c.type} attribute`, data_type: c.type, api_writable: true, ui_writable: true,
      messenger_writable: false, custom: true, archived: c.archived, model,
      created_at: anchor - 500 * 86400 + c.id * 3600, updated_at: anchor - 100 * 86400 + c.id * 3600, admin_id: '7000001',
    });
  }
  return out;
}

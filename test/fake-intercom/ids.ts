/** Record ids derived from (seed, index) and back, so a GET by id needs no lookup table. */
import { hash32 } from './prng';

export type IdKind = 'contact' | 'company' | 'segment' | 'company_segment';
const LEAD: Record<IdKind, string> = { contact: '6', company: '5', segment: '4', company_segment: '3' };

export class IdCodec {
  private readonly prefix: Record<IdKind, string>;
  constructor(seed: number) {
    const p = (kind: IdKind, salt: number): string =>
      LEAD[kind] + hash32(seed * 31 + salt).toString(16).padStart(8, '0').slice(0, 7);
    this.prefix = { contact: p('contact', 1), company: p('company', 2), segment: p('segment', 3), company_segment: p('company_segment', 4) };
  }
  /** 24-hex id of a contact, company or segment. */
  hex(kind: IdKind, index: number): string {
    return this.prefix[kind] + index.toString(16).padStart(16, '0');
  }
  /** Index of a 24-hex id, or -1. */
  parseHex(kind: IdKind, id: string): number {
    if (id.length !== 24 || !id.startsWith(this.prefix[kind])) return -1;
    const n = parseInt(id.slice(8), 16);
    return Number.isFinite(n) ? n : -1;
  }
}

/** Numeric string ids with a fixed base per kind. */
export const NUMERIC_BASE = {
  conversation: 100000000,
  ticket: 300000000,
  admin: 7000001,
  team: 8000001,
  tag: 9000001,
  collection: 10001,
  article: 20001,
  ticket_type: 4401,
} as const;
export type NumericKind = keyof typeof NUMERIC_BASE;

export function numId(kind: NumericKind, index: number): string {
  return String(NUMERIC_BASE[kind] + index);
}
/** Index of a numeric id of `kind`, or -1 (the caller checks the upper bound). */
export function parseNumId(kind: NumericKind, id: string): number {
  if (!/^\d{1,15}$/.test(id)) return -1;
  const n = Number(id) - NUMERIC_BASE[kind];
  return n >= 0 ? n : -1;
}

/** Notes: at most 32 per contact; id = contactIndex * 32 + j + 1. */
export const NOTES_PER_CONTACT_MAX = 32;
export function noteId(contactIndex: number, j: number): string {
  return String(contactIndex * NOTES_PER_CONTACT_MAX + j + 1);
}
export function parseNoteId(id: string): { contact: number; j: number } | null {
  if (!/^\d{1,15}$/.test(id)) return null;
  const n = Number(id) - 1;
  if (n < 0) return null;
  return { contact: Math.floor(n / NOTES_PER_CONTACT_MAX), j: n % NOTES_PER_CONTACT_MAX };
}

/** Conversation parts: id = conversationIndex * 10000 + p + 1. */
export function partId(convIndex: number, p: number): string {
  return String(convIndex * 10000 + p + 1);
}

/** A UUID-shaped string from a number (activity logs, request ids, scroll params). */
export function uuidFrom(a: number, b: number): string {
  const h = [hash32(a), hash32(a ^ 0x5bd1e995), hash32(b), hash32(b + 0x1b873593)].map((x) => x.toString(16).padStart(8, '0'));
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

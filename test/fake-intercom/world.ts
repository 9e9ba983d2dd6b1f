/**
 * The fake workspace: counts, timestamp tables, relations and the data clock. Everything derives from
 * (seed, scale, anchor); only timestamps (typed arrays) and a small overlay of changes are stored.
 */
import { IdCodec } from './ids';
import { recordRng } from './prng';
import { Table } from './table';

export const DAY = 86400;
const TWO_YEARS = 730 * DAY;

export const FIXED_COUNTS = {
  admins: 12, teams: 4, tags: 30, segments: 8, company_segments: 4,
  help_center_collections: 10, help_center_articles: 50, activity_logs: 500,
} as const;

export interface WorldOptions {
  seed: number;
  scale: number;
  anchor: number;
  counts: Partial<Record<string, number>>;
}

/** Streams whose updated_at lives in a Table. */
export type TableStream =
  | 'contacts' | 'companies' | 'conversations' | 'tickets' | 'segments' | 'company_segments'
  | 'help_center_collections' | 'help_center_articles';

export class World {
  readonly seed: number;
  readonly anchor: number;
  readonly ids: IdCodec;
  now: number;
  readonly tables: Record<TableStream, Table>;
  /** Contacts at start; companies are only attached to these. */
  readonly initialContacts: number;
  /** Companies [0, attachable) may have contacts; the rest never do. */
  readonly attachableCompanies: number;
  readonly bulkContactsSecond: number;
  readonly bulkConversationsSecond: number;
  /** The conversation with more than 500 parts. */
  readonly bigConversation: number;
  /** company index -> contact indices (CSR). */
  private companyContactOffsets: Uint32Array;
  private companyContactList: Uint32Array;
  /** conversation index -> created_at of parts appended by updateRecords. */
  readonly extraParts = new Map<number, number[]>();
  /** conversation index -> updated_at before its first bump (base parts are spread up to it). */
  readonly origConversationUpdated = new Map<number, number>();
  readonly fixed: Record<keyof typeof FIXED_COUNTS, number>;

  constructor(o: WorldOptions) {
    this.seed = o.seed;
    this.anchor = o.anchor;
    this.now = o.anchor;
    this.ids = new IdCodec(o.seed);
    const n = (name: string, base: number): number => Math.max(0, Math.round(o.counts[name] ?? base * o.scale));
    const fixed = (name: keyof typeof FIXED_COUNTS): number => Math.max(0, Math.round(o.counts[name] ?? FIXED_COUNTS[name]));
    this.fixed = {
      admins: Math.max(1, fixed('admins')), teams: Math.max(1, fixed('teams')), tags: Math.max(1, fixed('tags')),
      segments: fixed('segments'), company_segments: fixed('company_segments'),
      help_center_collections: fixed('help_center_collections'), help_center_articles: fixed('help_center_articles'),
      activity_logs: fixed('activity_logs'),
    };
    this.tables = {
      contacts: new Table(n('contacts', 1000)),
      companies: new Table(n('companies', 200)),
      conversations: new Table(n('conversations', 300)),
      tickets: new Table(n('tickets', 100)),
      segments: new Table(this.fixed.segments),
      company_segments: new Table(this.fixed.company_segments),
      help_center_collections: new Table(this.fixed.help_center_collections),
      help_center_articles: new Table(this.fixed.help_center_articles),
    };
    this.initialContacts = this.tables.contacts.count;
    this.attachableCompanies = Math.floor(this.tables.companies.count * 0.9);
    this.bulkContactsSecond = o.anchor - 40 * DAY - 1; // 23:59:59 UTC: the day rule bites here
    this.bulkConversationsSecond = o.anchor - 20 * DAY + 43200;
    this.bigConversation = Math.min(5, this.tables.conversations.count - 1);
    for (const [name, t] of Object.entries(this.tables)) this.fillTimes(name, t);
    this.bulk(this.tables.contacts, this.bulkContactsSecond, 400, 0.4);
    this.bulk(this.tables.conversations, this.bulkConversationsSecond, 250, 0.4);
    const csr = this.buildCompanyContacts();
    this.companyContactOffsets = csr.offsets;
    this.companyContactList = csr.list;
  }

  private fillTimes(stream: string, t: Table): void {
    for (let i = 0; i < t.count; i++) {
      const r = recordRng(this.seed, stream, i, 99);
      const created = this.anchor - 1 - r.int(TWO_YEARS);
      const updated = created + r.int(this.anchor - created);
      t.created[i] = created;
      t.updated[i] = updated;
    }
  }

  /** Hundreds of records sharing one updated_at second (a bulk update), plus some at the next second. */
  private bulk(t: Table, second: number, max: number, share: number): void {
    const k = Math.min(max, Math.floor(t.count * share));
    const start = Math.floor(t.count / 3);
    for (let j = 0; j < k + 30 && start + j < t.count; j++) {
      const i = start + j;
      const at = j < k ? second : second + 1; // the next 30 land at 00:00:00 of the next day
      t.updated[i] = at;
      if ((t.created[i] as number) > at) t.created[i] = at - 3600 * (1 + (j % 48));
    }
  }

  /** Contacts with many tags, companies and notes (more than the 10 a contact embeds). */
  isRichContact(i: number): boolean {
    return i % 50 === 3;
  }

  contactRole(i: number): 'user' | 'lead' {
    return recordRng(this.seed, 'contacts', i, 6).chance(0.2) ? 'lead' : 'user';
  }

  /** Companies of contact i (indices); contacts created later have none. */
  contactCompanies(i: number): number[] {
    if (i >= this.initialContacts || this.attachableCompanies === 0) return [];
    const r = recordRng(this.seed, 'contacts', i, 1);
    let k: number;
    if (this.isRichContact(i)) k = 11 + r.int(3);
    else {
      const x = r.next();
      k = x < 0.5 ? 0 : x < 0.85 ? 1 : 2;
    }
    k = Math.min(k, this.attachableCompanies);
    const out: number[] = [];
    while (out.length < k) {
      const c = r.int(this.attachableCompanies);
      if (!out.includes(c)) out.push(c);
    }
    return out.sort((a, b) => a - b);
  }

  contactTags(i: number): number[] {
    const r = recordRng(this.seed, 'contacts', i, 2);
    const max = this.fixed.tags;
    let k = this.isRichContact(i) ? 12 + r.int(4) : r.chance(0.6) ? 0 : 1 + r.int(3);
    k = Math.min(k, max);
    const out: number[] = [];
    while (out.length < k) {
      const t = r.int(max);
      if (!out.includes(t)) out.push(t);
    }
    return out.sort((a, b) => a - b);
  }

  /** Contact segments: 0 = users, 1 = leads, the others by chance. */
  contactSegments(i: number): number[] {
    const out: number[] = [];
    const s = this.fixed.segments;
    if (s > 0 && this.contactRole(i) === 'user') out.push(0);
    if (s > 1 && this.contactRole(i) === 'lead') out.push(1);
    const r = recordRng(this.seed, 'contacts', i, 3);
    for (let j = 2; j < s; j++) if (r.chance(0.05 * j)) out.push(j);
    return out;
  }

  contactNoteCount(i: number): number {
    const r = recordRng(this.seed, 'contacts', i, 4);
    if (this.isRichContact(i)) return 11 + r.int(4);
    return r.chance(0.7) ? 0 : 1 + r.int(2);
  }

  companySegments(c: number): number[] {
    const r = recordRng(this.seed, 'companies', c, 3);
    const out: number[] = [];
    for (let j = 0; j < this.fixed.company_segments; j++) if (r.chance(0.3)) out.push(j);
    return out;
  }

  companyContacts(c: number): Uint32Array {
    if (c + 1 >= this.companyContactOffsets.length) return new Uint32Array(0);
    return this.companyContactList.subarray(this.companyContactOffsets[c], this.companyContactOffsets[c + 1]);
  }

  private buildCompanyContacts(): { offsets: Uint32Array; list: Uint32Array } {
    const nc = this.tables.companies.count;
    const counts = new Uint32Array(nc + 1);
    const per: number[][] = [];
    for (let i = 0; i < this.initialContacts; i++) {
      const cs = this.contactCompanies(i);
      per.push(cs);
      for (const c of cs) counts[c + 1] = (counts[c + 1] as number) + 1;
    }
    for (let c = 0; c < nc; c++) counts[c + 1] = (counts[c + 1] as number) + (counts[c] as number);
    const list = new Uint32Array(counts[nc] as number);
    const fill = counts.slice(0, nc);
    per.forEach((cs, i) => {
      for (const c of cs) {
        list[fill[c] as number] = i;
        fill[c] = (fill[c] as number) + 1;
      }
    });
    return { offsets: counts, list };
  }

  /** Number of parts of conversation i at generation (before updates). */
  baseParts(i: number): number {
    if (i === this.bigConversation) return 620;
    return 1 + recordRng(this.seed, 'conversations', i, 5).int(8);
  }

  convOrigUpdated(i: number): number {
    return this.origConversationUpdated.get(i) ?? (this.tables.conversations.updated[i] as number);
  }

  totalParts(i: number): number {
    return this.baseParts(i) + (this.extraParts.get(i)?.length ?? 0);
  }
}

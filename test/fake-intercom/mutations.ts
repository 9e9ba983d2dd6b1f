/** updateRecords / createRecords: change timestamps at the data clock's now. */
import { numId } from './ids';
import { Rng, hash32 } from './prng';
import type { TableStream, World } from './world';

const UPDATABLE: readonly TableStream[] = [
  'contacts', 'companies', 'conversations', 'tickets', 'segments', 'company_segments', 'help_center_collections', 'help_center_articles',
];
const CREATABLE: readonly TableStream[] = ['contacts', 'conversations', 'companies'];

export function recordId(w: World, stream: TableStream, i: number): string {
  switch (stream) {
    case 'contacts':
      return w.ids.hex('contact', i);
    case 'companies':
      return w.ids.hex('company', i);
    case 'segments':
      return w.ids.hex('segment', i);
    case 'company_segments':
      return w.ids.hex('company_segment', i);
    case 'conversations':
      return numId('conversation', i);
    case 'tickets':
      return numId('ticket', i);
    case 'help_center_collections':
      return numId('collection', i);
    case 'help_center_articles':
      return numId('article', i);
  }
}

export class Mutator {
  private serial = 0;
  constructor(private readonly w: World) {}

  update(stream: string, count: number): string[] {
    const s = stream as TableStream;
    if (!UPDATABLE.includes(s)) throw new Error(`fake-intercom: cannot update stream ${stream}`);
    const w = this.w;
    const t = w.tables[s];
    const k = Math.max(0, Math.min(count, t.count));
    const rng = new Rng(hash32(w.seed * 131 + ++this.serial));
    const chosen = new Set<number>();
    if (k === t.count) for (let i = 0; i < k; i++) chosen.add(i);
    while (chosen.size < k) chosen.add(rng.int(t.count));
    const list = [...chosen].sort((a, b) => a - b);
    if (s === 'conversations') {
      for (const i of list) {
        if (!w.origConversationUpdated.has(i)) w.origConversationUpdated.set(i, t.updated[i] as number);
        const extra = w.extraParts.get(i) ?? [];
        extra.push(w.now);
        w.extraParts.set(i, extra);
      }
    }
    t.touch(list, w.now);
    return list.map((i) => recordId(w, s, i));
  }

  create(stream: string, count: number): string[] {
    const s = stream as TableStream;
    if (!CREATABLE.includes(s)) throw new Error(`fake-intercom: cannot create records of stream ${stream}`);
    const indices = this.w.tables[s].append(Math.max(0, count), this.w.now);
    return indices.map((i) => recordId(this.w, s, i));
  }
}

/** Data events per contact: some contacts have a few, contact 0 many; only the last 90 days are listable. */
import { EVENT_NAMES } from './pools';
import { recordRng } from './prng';
import { DAY, type World } from './world';

export const EVENT_WINDOW = 90 * DAY;

export interface FakeEvent { name: string; created_at: number; metadata: Record<string, unknown> }

/** Every event of contact i, newest first, with distinct timestamps. */
export function contactEvents(w: World, i: number): FakeEvent[] {
  if (i >= w.tables.contacts.count) return [];
  const k = i === 0 ? 40 : i % 9 === 0 ? 1 + recordRng(w.seed, 'events', i).int(8) : 0;
  const r = recordRng(w.seed, 'events', i, 1);
  const seen = new Set<number>();
  const out: FakeEvent[] = [];
  while (out.length < k) {
    const at = w.anchor - 1 - r.int(120 * DAY); // some are older than 90 days: not listable
    if (seen.has(at)) continue;
    seen.add(at);
    out.push({ name: r.pick(EVENT_NAMES), created_at: at, metadata: r.chance(0.5) ? {} : { order_id: `ord-${i}-${out.length}`, 'price €': 9.99 } });
  }
  return out.sort((a, b) => b.created_at - a.created_at);
}

/** The events GET /events lists for contact i at data time `now`. */
export function listableEvents(w: World, i: number, now: number): FakeEvent[] {
  return contactEvents(w, i).filter((e) => e.created_at >= now - EVENT_WINDOW && e.created_at <= now);
}

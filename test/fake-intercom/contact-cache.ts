/**
 * Each contact's JSON (contactJson(), the same bytes as JSON.stringify(buildContact())) rendered once per API
 * version and kept as UTF-8, so a contact search page is a copy of stored bytes instead of rendering and encoding
 * 150 contacts: the fake must cost little CPU next to the tap it serves in the benchmark.
 *
 * Freshness: a contact's JSON depends on (seed, index, created_at, updated_at) and on world constants only; the
 * timestamps change through the contacts Table's touch (updateRecords) and append (createRecords), which report
 * the indices to this cache (Table.onChange), and the entries of those contacts are dropped and rendered again on
 * their next use.
 *
 * Storage: the bytes live in large slabs (not one Buffer per contact), located by typed arrays per version, so a
 * million cached contacts are a few hundred objects for the garbage collector, not a million. Bytes of a dropped
 * entry stay unused in their slab (changes are few).
 */
import { contactJson } from './contact-json';
import type { ApiVersion } from './version';
import type { World } from './world';

const SLAB_BYTES = 16 * 1024 * 1024;
/** Longest UTF-8 encoding of one character: Buffer#write leaves less room than this when it stops early. */
const MAX_CHAR_BYTES = 4;
/** Page buffers kept for reuse (one per request in flight is enough). */
const MAX_FREE_PAGES = 16;

/** Where each contact's bytes are, for one API version; `length` 0 = not rendered (JSON is never empty). */
interface Locations {
  slab: Uint16Array;
  offset: Uint32Array;
  length: Uint32Array;
}

export class ContactJsonCache {
  private readonly slabs: Buffer[] = [];
  /** Bytes used in the last slab. */
  private used = 0;
  private readonly byVersion = new Map<ApiVersion, Locations>();
  /** Page buffers given back after their response was written. */
  private readonly freePages: Buffer[] = [];

  /** `slabBytes`: size of the storage slabs (tests pass a small one to cross slab ends often). */
  constructor(
    private readonly w: World,
    private readonly slabBytes = SLAB_BYTES,
  ) {
    w.tables.contacts.onChange((indices) => {
      for (const loc of this.byVersion.values()) {
        for (const i of indices) if (i < loc.length.length) loc.length[i] = 0;
      }
    });
  }

  /** Render every contact of version `v` that is not cached yet. */
  prerender(v: ApiVersion): void {
    const count = this.w.tables.contacts.count;
    const loc = this.locations(v);
    for (let i = 0; i < count; i++) if (loc.length[i] === 0) this.render(loc, i, v);
  }

  /** Contact i's JSON bytes (a view into the cache: do not modify). */
  get(i: number, v: ApiVersion): Buffer {
    const loc = this.locations(v);
    if (loc.length[i] === 0) this.render(loc, i, v);
    const off = loc.offset[i] as number;
    return (this.slabs[loc.slab[i] as number] as Buffer).subarray(off, off + (loc.length[i] as number));
  }

  /**
   * The bytes of `head + ids.map(contact JSON).join(',') + tail`, in a page buffer from a small pool: pass
   * `release` to give it back once the bytes are written (never, if they were not; the GC takes it then).
   * Reusing page buffers spares the process allocating and freeing ~350 KB per page.
   */
  joined(ids: Uint32Array, v: ApiVersion, head: string, tail: string): { bytes: Buffer; release: () => void } {
    const loc = this.locations(v);
    let total = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, ids.length - 1);
    for (const i of ids) {
      if (loc.length[i] === 0) this.render(loc, i, v);
      total += loc.length[i] as number;
    }
    let page = this.freePages.pop();
    if (page === undefined || page.length < total) page = Buffer.allocUnsafeSlow(Math.ceil((total * 1.25) / 65536) * 65536);
    let pos = page.write(head, 0);
    for (let k = 0; k < ids.length; k++) {
      const i = ids[k] as number;
      if (k > 0) page[pos++] = 0x2c; // ','
      const off = loc.offset[i] as number;
      pos += (this.slabs[loc.slab[i] as number] as Buffer).copy(page, pos, off, off + (loc.length[i] as number));
    }
    page.write(tail, pos);
    const whole = page;
    return {
      bytes: page.subarray(0, total),
      release: () => {
        if (this.freePages.length < MAX_FREE_PAGES) this.freePages.push(whole);
      },
    };
  }

  /** The location arrays of version v, grown to the current contact count. */
  private locations(v: ApiVersion): Locations {
    const count = this.w.tables.contacts.count;
    let loc = this.byVersion.get(v);
    if (loc === undefined || loc.length.length < count) {
      const cap = Math.max(count, (loc?.length.length ?? 0) * 2, 16);
      const grown: Locations = { slab: new Uint16Array(cap), offset: new Uint32Array(cap), length: new Uint32Array(cap) };
      if (loc !== undefined) {
        grown.slab.set(loc.slab);
        grown.offset.set(loc.offset);
        grown.length.set(loc.length);
      }
      loc = grown;
      this.byVersion.set(v, loc);
    }
    return loc;
  }

  private render(loc: Locations, i: number, v: ApiVersion): void {
    const text = contactJson(this.w, i, v);
    let slab = this.slabs[this.slabs.length - 1];
    if (slab !== undefined) {
      // Buffer#write writes whole characters only, as many as fit: with MAX_CHAR_BYTES or more left over, it wrote all.
      const room = slab.length - this.used;
      const n = room > 0 ? slab.write(text, this.used) : 0;
      if (room - n >= MAX_CHAR_BYTES) {
        this.place(loc, i, this.used, n);
        this.used += n;
        return;
      }
    }
    if (this.slabs.length > 0xffff) throw new Error('fake-intercom: contact JSON cache is full'); // slab numbers are Uint16
    slab = Buffer.allocUnsafeSlow(Math.max(this.slabBytes, Buffer.byteLength(text)));
    this.slabs.push(slab);
    const n = slab.write(text, 0);
    this.place(loc, i, 0, n);
    this.used = n;
  }

  private place(loc: Locations, i: number, offset: number, length: number): void {
    loc.slab[i] = this.slabs.length - 1;
    loc.offset[i] = offset;
    loc.length[i] = length;
  }
}

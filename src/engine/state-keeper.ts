import type { JsonValue } from '../common/json';
import { formatBookmark, getBookmark, setBookmark, toUnixSeconds } from '../singer/state';
import type { MessageWriter, TapState } from '../singer/types';
import type { ReplicationKeyKind } from './contract';

/**
 * Holds the run's state and writes a STATE message whenever a bookmark moves. Bookmarks only move
 * forward; streams not in this run keep their bookmarks untouched.
 */
export class StateKeeper {
  private state: TapState;
  private readonly running: string[] = [];

  constructor(initial: TapState, private readonly writer: MessageWriter) {
    this.state = initial;
  }

  get current(): TapState {
    return this.state;
  }

  /** The stream's bookmark in unix seconds (datetime keys) or as a number (id keys). */
  bookmark(stream: string, key: string, kind: ReplicationKeyKind): number | undefined {
    const value = getBookmark(this.state, stream, key);
    if (value === undefined) return undefined;
    return kind === 'datetime' ? toUnixSeconds(value) : Number(value);
  }

  /** Moves `stream`'s bookmark to `value` (unix seconds or id) if that is later; returns whether it moved. */
  advance(stream: string, key: string, kind: ReplicationKeyKind, value: number): boolean {
    const previous = this.bookmark(stream, key, kind);
    if (previous !== undefined && value <= previous) return false;
    const stored: JsonValue = kind === 'datetime' ? formatBookmark(value) : value;
    this.state = setBookmark(this.state, stream, key, stored);
    return true;
  }

  started(stream: string): void {
    this.running.push(stream);
    this.state = { ...this.state, currently_syncing: this.running[0] ?? null };
  }

  finished(stream: string): void {
    const i = this.running.indexOf(stream);
    if (i >= 0) this.running.splice(i, 1);
    this.state = { ...this.state, currently_syncing: this.running[0] ?? null };
  }

  write(): void | Promise<void> {
    return this.writer.writeState(this.state);
  }
}

/**
 * The companies scroll: one open scroll per app, the same scroll_param on every page, expiry after idle
 * time, a 500 that forces a restart, and an empty `data` page at the end (which closes the scroll).
 */
import { ApiError } from './http-types';
import { uuidFrom } from './ids';

export const SCROLL_PAGE = 100;
export const SCROLL_RESTART_MESSAGE = 'Request failed due to an internal network error. Please restart the scroll operation.';

interface OpenScroll { param: string; next: number; lastUsed: number }

export class ScrollManager {
  private open: OpenScroll | null = null;
  private serial = 0;
  /** Another app holds a scroll (fault). */
  heldElsewhere = false;

  constructor(
    private readonly seed: number,
    private readonly expiryMs: number,
    private readonly wallNow: () => number,
  ) {}

  private expireIfIdle(): void {
    if (this.open && this.wallNow() - this.open.lastUsed > this.expiryMs) this.open = null;
  }

  /**
   * Positions of the next page: [from, to) over `count` companies, and the param to return.
   * An empty range means the end: the scroll is closed.
   */
  page(param: string | null, count: number): { param: string; from: number; to: number } {
    this.expireIfIdle();
    const now = this.wallNow();
    if (param === null || param === '') {
      if (this.heldElsewhere || this.open) {
        throw new ApiError(400, 'scroll_exists', 'scroll already exists for this workspace. Please wait for the scroll to expire');
      }
      this.open = { param: uuidFrom(this.seed * 13 + 5, ++this.serial), next: 0, lastUsed: now };
    } else if (!this.open || this.open.param !== param) {
      // Our choice for an unknown or expired param: 404 not_found (the docs only say the call fails).
      throw new ApiError(404, 'not_found', 'scroll parameter not found or expired');
    }
    const s = this.open;
    const from = Math.min(s.next, count);
    const to = Math.min(from + SCROLL_PAGE, count);
    s.next = to;
    s.lastUsed = now;
    if (from === to) this.open = null;
    return { param: s.param, from, to };
  }

  /** The 500 that forces a restart: the open scroll is gone. */
  restart(): never {
    this.open = null;
    throw new ApiError(500, 'server_error', SCROLL_RESTART_MESSAGE);
  }

  /** Is a scroll open (and not expired)? */
  isOpen(): boolean {
    this.expireIfIdle();
    return this.open !== null;
  }
}

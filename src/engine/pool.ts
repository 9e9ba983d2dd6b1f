/**
 * A bounded task pool: at most `limit` tasks run at once; `run` resolves with the task's result.
 * `waitForRoom(max)` lets a producer hold back while more than `max` tasks are queued or running,
 * which keeps memory flat when a fast reader feeds slow workers.
 */
export class Pool {
  private running = 0;
  private readonly queue: Array<() => void> = [];
  private readonly roomWaiters: Array<{ max: number; resolve: () => void }> = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`pool limit must be a positive integer, got ${limit}`);
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.running + this.queue.length;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.running += 1;
        task().then(resolve, reject).finally(() => {
          this.running -= 1;
          const next = this.queue.shift();
          if (next) next();
          this.notify();
        });
      };
      if (this.running < this.limit) start();
      else this.queue.push(start);
    });
  }

  /** Resolves when at most `max` tasks are queued or running. */
  waitForRoom(max: number): Promise<void> {
    if (this.size <= max) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ max, resolve }));
  }

  /** Resolves when no task is queued or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notify(): void {
    for (let i = this.roomWaiters.length - 1; i >= 0; i -= 1) {
      const waiter = this.roomWaiters[i];
      if (waiter && this.size <= waiter.max) {
        this.roomWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
    if (this.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }
}

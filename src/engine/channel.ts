/**
 * A bounded async queue: many producers `push` (waiting while it is full), one consumer iterates.
 * `fail(err)` makes the consumer throw; `close()` ends the iteration once the queue is drained.
 */
export class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private closed = false;
  private error: { err: unknown } | null = null;
  private consumerWake: (() => void) | null = null;
  private readonly producerWakes: Array<() => void> = [];

  constructor(private readonly capacity: number) {}

  /** True once the consumer stopped or the channel was closed or failed: producers should stop. */
  get stopped(): boolean {
    return this.closed || this.error !== null;
  }

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed && !this.error) {
      await new Promise<void>((resolve) => this.producerWakes.push(resolve));
    }
    if (this.closed || this.error) return;
    this.items.push(item);
    this.wakeConsumer();
  }

  close(): void {
    this.closed = true;
    this.wakeConsumer();
    this.wakeProducers();
  }

  fail(err: unknown): void {
    if (!this.error) this.error = { err };
    this.wakeConsumer();
    this.wakeProducers();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      yield* this.drain();
    } finally {
      // The consumer stopped (done, break or error): release every waiting producer.
      this.closed = true;
      this.wakeProducers();
    }
  }

  private async *drain(): AsyncGenerator<T> {
    for (;;) {
      if (this.error) throw this.error.err;
      const item = this.items.shift();
      if (item !== undefined) {
        this.wakeProducers();
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.consumerWake = resolve;
      });
    }
  }

  private wakeConsumer(): void {
    const wake = this.consumerWake;
    this.consumerWake = null;
    if (wake) wake();
  }

  private wakeProducers(): void {
    this.producerWakes.splice(0).forEach((wake) => wake());
  }
}

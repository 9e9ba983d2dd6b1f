/**
 * Orders checkpoints after the tasks started before them. Tasks and checkpoints are numbered by epoch
 * (the number of checkpoints seen when they started); a checkpoint runs once no task of its epoch or an
 * earlier one is outstanding, and checkpoints run one after another in order. Memory is one counter per
 * open epoch, not one promise per task.
 */
export class CheckpointBarrier {
  private epoch = 0;
  private readonly outstanding = new Map<number, number>();
  private readonly waiting: Array<{ epoch: number; run: () => void | Promise<void> }> = [];
  private chain: Promise<void> = Promise.resolve();
  private error: { err: unknown } | null = null;

  /** Call when a task starts; pass the returned epoch to `taskDone`. */
  taskStarted(): number {
    this.outstanding.set(this.epoch, (this.outstanding.get(this.epoch) ?? 0) + 1);
    return this.epoch;
  }

  taskDone(epoch: number): void {
    const left = (this.outstanding.get(epoch) ?? 1) - 1;
    if (left <= 0) this.outstanding.delete(epoch);
    else this.outstanding.set(epoch, left);
    this.drain();
  }

  checkpoint(run: () => void | Promise<void>): void {
    this.waiting.push({ epoch: this.epoch, run });
    this.epoch += 1;
    this.drain();
  }

  /** Resolves when every released checkpoint has run; rejects with the first checkpoint error. */
  async settled(): Promise<void> {
    await this.chain;
    if (this.error) throw this.error.err;
  }

  private drain(): void {
    for (;;) {
      const head = this.waiting[0];
      if (!head) return;
      for (const epoch of this.outstanding.keys()) if (epoch <= head.epoch) return;
      this.waiting.shift();
      this.chain = this.chain.then(async () => {
        if (this.error) return;
        try {
          await head.run();
        } catch (err) {
          this.error = { err };
        }
      });
    }
  }
}

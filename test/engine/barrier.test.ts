import { CheckpointBarrier } from '../../src/engine/barrier';
import { Channel } from '../../src/engine/channel';
import { Pool } from '../../src/engine/pool';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('CheckpointBarrier', () => {
  it('runs a checkpoint only after the tasks started before it, in order', async () => {
    const b = new CheckpointBarrier();
    const log: string[] = [];
    const t1 = b.taskStarted();
    b.checkpoint(() => {
      log.push('c1');
    });
    const t2 = b.taskStarted();
    b.checkpoint(() => {
      log.push('c2');
    });
    await tick();
    expect(log).toEqual([]);
    b.taskDone(t2);
    await tick();
    expect(log).toEqual([]); // c2 waits for c1, which waits for t1
    b.taskDone(t1);
    await b.settled();
    expect(log).toEqual(['c1', 'c2']);
  });

  it('a checkpoint with no earlier task runs at once; a failing one is reported', async () => {
    const b = new CheckpointBarrier();
    b.checkpoint(() => {
      throw new Error('state write failed');
    });
    await expect(b.settled()).rejects.toThrow('state write failed');
  });
});

describe('Pool', () => {
  it('never runs more than its limit at once', async () => {
    const pool = new Pool(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        pool.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await tick();
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(pool.size).toBe(0);
  });

  it('waitForRoom holds a producer until the queue is short', async () => {
    const pool = new Pool(1);
    let release: () => void = () => undefined;
    void pool.run(() => new Promise<void>((r) => (release = r)));
    void pool.run(async () => undefined);
    let roomy = false;
    const waiting = pool.waitForRoom(0).then(() => (roomy = true));
    await tick();
    expect(roomy).toBe(false);
    release();
    await waiting;
    expect(roomy).toBe(true);
  });
});

describe('Channel', () => {
  it('blocks producers at capacity and releases them when the consumer stops', async () => {
    const ch = new Channel<number>(2);
    await ch.push(1);
    await ch.push(2);
    let third = false;
    const p = ch.push(3).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    for await (const v of ch) {
      expect(v).toBe(1);
      break;
    }
    await p;
    expect(ch.stopped).toBe(true);
  });
});

/**
 * The counting sink as its own process: the tap's stdout is this process's stdin (a pipe straight from
 * the tap, not through the benchmark process, whose event loop also serves the fake Intercom). Prints the
 * SinkResult as one JSON line on stdout at the end; times are epoch ms. argv: [bytesPerSecond].
 */
import { countingSink } from './sink';

const rate = Number(process.argv[2] ?? '0');
countingSink(process.stdin, { now: Date.now, ...(rate > 0 ? { bytesPerSecond: rate } : {}) }).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (err: unknown) => {
    process.stderr.write(`sink: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

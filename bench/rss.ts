/**
 * Peak resident memory of a child process: /proc/<pid>/status VmHWM (the kernel's high-water mark) read
 * every few ms while it runs, so the last read before exit holds the peak. Where /proc is missing
 * (macOS), `ps -o rss=` is polled and the largest value kept.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

function kbField(status: string, field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : undefined;
}

export interface RssSampler {
  /** Stops polling; resolves the peak in bytes (0 when nothing could be read). */
  stop(): Promise<number>;
}

export function sampleRss(pid: number, intervalMs = 50): RssSampler {
  const procFile = `/proc/${pid}/status`;
  const useProc = existsSync(procFile);
  let peakKb = 0;
  let busy = false;
  const poll = (): void => {
    if (useProc) {
      try {
        const status = readFileSync(procFile, 'utf8');
        peakKb = Math.max(peakKb, kbField(status, 'VmHWM') ?? 0, kbField(status, 'VmRSS') ?? 0);
      } catch {
        // The process has exited.
      }
      return;
    }
    if (busy) return;
    busy = true;
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], (err, stdout) => {
      busy = false;
      if (!err) peakKb = Math.max(peakKb, Number(stdout.trim()) || 0);
    });
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      return peakKb * 1024;
    },
  };
}

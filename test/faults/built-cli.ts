/**
 * The CLI as shipped: `tsc -p tsconfig.build.json` into a package folder of our own (package.json,
 * schemas and node_modules linked from the repository), so these tests never race another test file
 * that rebuilds dist/. Test files of one jest run share one build (keyed by the jest parent process).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

async function waitFor(file: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${file}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Builds (once per jest run) and returns the path of the built cli.js. */
export async function builtCli(): Promise<string> {
  const pkg = join(tmpdir(), `tap-intercom-built-${process.ppid}`);
  const cli = join(pkg, 'dist', 'cli.js');
  const done = join(pkg, 'BUILT');
  try {
    mkdirSync(pkg); // atomic: the first file to get here builds, the others wait
  } catch {
    await waitFor(done, 170_000);
    if (!existsSync(cli)) throw new Error(`the shared build did not produce ${cli}`);
    return cli;
  }
  for (const name of ['package.json', 'schemas', 'node_modules']) symlinkSync(join(root, name), join(pkg, name));
  // Type errors elsewhere (files mid-edit) do not stop tsc from emitting; a missing cli.js does.
  await new Promise<void>((resolveBuild) => {
    const tsc = spawn(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')], { cwd: root, stdio: 'ignore' });
    tsc.on('error', () => resolveBuild());
    tsc.on('close', () => resolveBuild());
  });
  writeFileSync(done, '');
  if (!existsSync(cli)) throw new Error(`build did not produce ${cli}`);
  return cli;
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

export interface SpawnOptions {
  /** SIGKILL the tap this many ms after it started. */
  killAfterMs?: number;
  /** Called with each stdout chunk; may kill the child. */
  onStdout?: (chunk: string, child: ReturnType<typeof spawn>) => void;
  env?: NodeJS.ProcessEnv;
  /** Called once the child is spawned (to signal it later). */
  onSpawn?: (child: ReturnType<typeof spawn>) => void;
}

/** Runs the built CLI as a child process (the fake lives in this process, so nothing here blocks). */
export function spawnTap(cli: string, args: readonly string[], options: SpawnOptions = {}): Promise<ChildRun> {
  return new Promise((resolveRun, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...options.env } });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(d.toString(), child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Complete stdout lines (a line cut by a kill is what a target would never have read). */
export function completeLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  lines.pop();
  return lines.filter((l) => l !== '');
}

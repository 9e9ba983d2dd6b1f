import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  files: string[];
  engines: Record<string, string>;
  license: string;
};
const work = mkdtempSync(join(tmpdir(), 'tap-intercom-pack-'));
const env = { ...process.env, npm_config_update_notifier: 'false' };
let files: string[] = [];
let tarball = '';

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // Pack what a publish would ship: build as `prepare` would, then pack without re-running scripts.
  spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  spawnSync(process.execPath, [join(root, 'scripts', 'postbuild.js')], { cwd: root });
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  expect(packed.status).toBe(0);
  const info = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info[0]?.filename ?? '');
  files = (info[0]?.files ?? []).map((f) => f.path);
}, 120_000);

describe('npm package', () => {
  it('declares bin, files and engines', () => {
    expect(pkg.bin).toEqual({ 'tap-intercom': 'dist/cli.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'schemas']));
    expect(pkg.engines.node).toMatch(/^>=20/);
    expect(readFileSync(join(root, 'src', 'cli.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env (-S )?node\b/);
  });

  it('ships the built CLI, the schemas and the README, and no tests, sources or scripts', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/index.js', 'schemas/config.json', 'README.md', 'package.json']));
    expect(files.filter((f) => f.startsWith('schemas/streams/')).length).toBeGreaterThan(10);
    const unwanted = files.filter((f) => /^(test|src|scripts|bench|examples)\//.test(f) || /\.test\.(js|ts)$/.test(f) || f.includes('fake-intercom'));
    expect(unwanted).toEqual([]);
  });

  it('ships a LICENSE matching its license field (MIT)', () => {
    expect(pkg.license).toBe('MIT');
    expect(files).toContain('LICENSE');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
  });

  it('ships no source maps pointing at sources it lacks', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const js = files.filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(20);
    const mapped = js.filter((f) => /sourceMappingURL=/.test(readFileSync(join(root, f), 'utf8')));
    expect(mapped).toEqual([]);
  });

  it('installs from the tarball in an empty folder and runs (`tap-intercom --about`)', () => {
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    // Dependencies come from the npm cache; --offline first, --prefer-offline when the cache lacks something.
    let install = npm(['install', '--no-audit', '--no-fund', '--offline', tarball], app);
    if (install.status !== 0) install = npm(['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], app);
    expect(install.status).toBe(0);
    const about = spawnSync(join(app, 'node_modules', '.bin', 'tap-intercom'), ['--about', '--format', 'json'], { cwd: app, encoding: 'utf8' });
    expect(about.status).toBe(0);
    const parsed = JSON.parse(about.stdout) as { name: string; version: string; settings: unknown };
    expect(parsed).toMatchObject({ name: pkg.name, version: pkg.version });
    expect(parsed.settings).toEqual(JSON.parse(readFileSync(join(root, 'schemas', 'config.json'), 'utf8')));
    const npx = npm(['exec', '--offline', '--', 'tap-intercom', '--version'], app);
    expect(npx.status).toBe(0);
    expect(npx.stdout.trim()).toBe(`tap-intercom ${pkg.version}`);
  }, 120_000);
});

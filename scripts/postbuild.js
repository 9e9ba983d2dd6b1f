// Build steps tsc cannot do. `--clean` (before tsc): empties dist/, so the package never ships files of
// sources that are gone. After tsc: makes the built CLI executable (npm links bin entries, but
// `node dist/cli.js` and direct runs need it).
const fs = require('node:fs');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
if (process.argv.includes('--clean')) {
  fs.rmSync(dist, { recursive: true, force: true });
} else {
  const cli = path.join(dist, 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

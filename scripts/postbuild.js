// Makes the built CLI executable (npm links bin entries, but `node dist/cli.js` and direct runs need it).
const fs = require('node:fs');
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);

// Fetches the Electron binary that `npm install` skips (see .npmrc and README).
// Runs Electron's own installer with the skip switch removed from its environment.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const installer = require.resolve('electron/install.js');
const env = { ...process.env };
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
delete env.NODE_OPTIONS;
const result = spawnSync(process.execPath, [installer], { stdio: 'inherit', env });
process.exit(result.status ?? 1);

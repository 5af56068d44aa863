// `npm start`: the desktop app, opened on the first walkthrough. Where Electron's
// binary is not installed (npm install never downloads it; `npm run
// electron:fetch` does), say so in one line and serve the same app to a browser
// instead, on notebooks/, printing the URL to open.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (electron) {
  // package.json's main is dist/electron/main.js, which opens the first walkthrough.
  const child = spawn(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const { firstWalkthrough } = await import('../dist/host/walkthroughs.js');
  const { serve } = await import('../dist/host/cli/serve.js');
  process.stdout.write('The Electron binary is not installed (`npm run electron:fetch` fetches it): serving the workbook to your browser instead.\n');
  process.exitCode = await serve([firstWalkthrough(), ...process.argv.slice(2)]);
}

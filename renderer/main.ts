// The renderer's entry: find the host (Electron's preload, or kernelbook
// serve's HTTP API), build the workbook, open the first notebook.
import type { Host } from './host.js';
import { chooseHost } from './choose-host.js';
import { Workbook } from './ui/workbook.js';

async function start(): Promise<void> {
  let host: Host;
  try {
    host = await chooseHost();
  } catch (error) {
    document.body.textContent = `Kernelbook cannot start: ${error instanceof Error ? error.message : String(error)}`;
    document.documentElement.dataset.ready = 'error';
    return;
  }
  const workbook = new Workbook(host);
  document.body.append(workbook.root);
  // For automation and the console: the workbook, not the kernel's internals.
  (globalThis as { kernelbook?: unknown }).kernelbook = { workbook };
  void workbook.checkEngine();
  const first = await host.initialPath().catch(() => null) ?? (await host.list().catch(() => [])).find((e) => e.kind === 'file')?.path ?? null;
  if (!first || !(await workbook.open(first))) await workbook.newNotebook();
  document.documentElement.dataset.ready = 'true';
}

void start();

// The renderer's entry: find the host (Electron's preload, or kernelbook
// serve's HTTP API, by connectHost), build the workbook, open the first notebook.
import type { Host } from './host.js';
import { connectHost } from './hosts/connect.js';
import { Workbook } from './ui/workbook.js';

async function start(): Promise<void> {
  let host: Host;
  try {
    host = connectHost();
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
  void workbook.loadHelp();
  // `#token=…&open=PATH` opens PATH first (a link to one notebook of the served folder).
  const asked = new URLSearchParams(location.hash.replace(/^#/, '')).get('open');
  const first = asked ?? await host.initialPath().catch(() => null) ?? (await host.list().catch(() => [])).find((e) => e.kind === 'file')?.path ?? null;
  if (!first || !(await workbook.open(first))) await workbook.newNotebook();
  // Work on a notebook that was never saved is offered once the first notebook shows.
  void workbook.offerUntitledRecovery();
  document.documentElement.dataset.ready = 'true';
}

void start();

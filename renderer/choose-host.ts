// Which host this page talks to: Electron's preload exposes one object on
// window; a page from `kernelbook serve` talks HTTP to the server it came
// from; a page with neither (a static preview) gets an empty in-memory host.
import type { Host } from './host.js';
import { MemoryHost } from './files/memory-host.js';

export async function chooseHost(): Promise<Host> {
  const preload = (globalThis as { kernelbookHost?: Host }).kernelbookHost;
  if (preload) return preload;
  return new MemoryHost({});
}

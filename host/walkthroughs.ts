// The walkthroughs that ship with the app: always trusted, listed in Electron's
// Help menu in this order, and the first is what `npm start` opens.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseNotebook } from '../kernel/format/parse.js';
import { contentHash } from './hash.js';
import { packageRoot } from './package-root.js';

/** File names under notebooks/, in the order a newcomer should read them. */
export const WALKTHROUGHS = [
  'conv2d-walkthrough.notebook',
  'depthwise-vs-conv2d.notebook',
  'separable-conv2d-parameters.notebook',
  'mobilenet-cost.notebook',
] as const;

export function walkthroughsDir(): string {
  return join(packageRoot(), 'notebooks');
}

export function firstWalkthrough(): string {
  return join(walkthroughsDir(), WALKTHROUGHS[0]);
}

/**
 * Content hashes of the walkthroughs as shipped. "Bundled" means this content,
 * wherever the file is: a copy is still trusted, an edited walkthrough is not
 * (the user's own trusted saves are remembered by the trust store instead).
 */
export async function bundledHashes(dir = walkthroughsDir()): Promise<Set<string>> {
  const texts = await Promise.all(WALKTHROUGHS.map((name) => readFile(join(dir, name)).catch(() => null)));
  return new Set(texts.flatMap((t) => (t === null ? [] : [contentHash(t)])));
}

/** Titles for menus: the notebook's title, else its file name. */
export async function walkthroughTitles(dir = walkthroughsDir()): Promise<{ path: string; title: string }[]> {
  return Promise.all(WALKTHROUGHS.map(async (name) => {
    const path = join(dir, name);
    let title: string | undefined;
    try {
      title = parseNotebook(new Uint8Array(await readFile(path)), { filename: path }).title?.trim();
    } catch {
      // A missing or broken walkthrough still gets a menu item; opening it says what is wrong.
    }
    return { path, title: title || name.replace(/\.notebook$/, '') };
  }));
}

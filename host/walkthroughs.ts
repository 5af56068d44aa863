// The walkthroughs that ship with the app: always trusted, listed in Electron's
// Help menu in this order, and the first is what `npm start` opens.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseNotebook } from '../kernel/format/parse.js';
import { contentHash } from './hash.js';
import { packageRoot } from './package-root.js';

/** The lessons, in the order a newcomer should read them (file names under notebooks/). */
const LESSONS = [
  'conv2d-walkthrough.notebook',
  'depthwise-vs-conv2d.notebook',
  'pointwise.notebook',
  'feature-maps.notebook',
  'separable-conv2d-parameters.notebook',
  'mobilenet-cost.notebook',
] as const;

/** Each language's copy of the lessons: English at the top of notebooks/, Simplified Chinese (the seed's language) under zh-CN/. */
export const LANGUAGES = [
  { lang: 'en', dir: '', label: 'Walkthroughs' },
  { lang: 'zh-CN', dir: 'zh-CN/', label: '教程（中文）' },
] as const;

export type Language = (typeof LANGUAGES)[number]['lang'];

/** Paths under notebooks/ of every bundled walkthrough, English first. */
export const WALKTHROUGHS: readonly string[] = LANGUAGES.flatMap(({ dir }) => LESSONS.map((name) => `${dir}${name}`));

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

/** Titles for menus (the notebook's title, else its file name), and the group of a language other than English. */
export async function walkthroughTitles(dir = walkthroughsDir()): Promise<{ path: string; title: string; lang: Language; group: string | null }[]> {
  return Promise.all(LANGUAGES.flatMap(({ lang, dir: sub, label }) => LESSONS.map(async (name) => {
    const path = join(dir, sub, name);
    let title: string | undefined;
    try {
      title = parseNotebook(new Uint8Array(await readFile(path)), { filename: path }).title?.trim();
    } catch {
      // A missing or broken walkthrough still gets a menu item; opening it says what is wrong.
    }
    return { path, title: title || name.replace(/\.notebook$/, ''), lang, group: lang === 'en' ? null : label };
  })));
}

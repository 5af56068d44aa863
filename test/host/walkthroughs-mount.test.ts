// The walkthroughs in `kernelbook serve`'s Help, wherever the served folder
// is: listed by workspace.walkthroughs() (English, then 教程（中文）), opened
// (trusted as shipped) and never written when they live outside the served
// folder, under the read-only name kernelbook:walkthroughs/…; named as the
// served folder's own files when it holds them.
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { servedFolder, WALKTHROUGHS_MOUNT } from '../../host/access.js';
import { openWorkspace } from '../../host/open-workspace.js';
import { WALKTHROUGHS, walkthroughsDir } from '../../host/walkthroughs.js';
import { outcome, sandbox, type Sandbox } from './helpers.js';

let box: Sandbox | undefined;
afterEach(() => box?.remove());

const open = (root: string, walkthroughs: string, state: string) =>
  openWorkspace(servedFolder(root, { walkthroughs }), { stateDir: state, bundledDir: walkthroughs });

describe('workspace.walkthroughs()', () => {
  test('a served folder without them lists all twelve under kernelbook:walkthroughs/, English first, zh-CN in its group', async () => {
    box = sandbox();
    mkdirSync(box.root);
    const workspace = await open(box.root, walkthroughsDir(), box.state);
    const listed = await workspace.walkthroughs();
    expect(listed.map((w) => w.path)).toEqual(WALKTHROUGHS.map((name) => `${WALKTHROUGHS_MOUNT}/${name}`));
    expect(listed.slice(0, 6).every((w) => w.lang === 'en' && w.group === null)).toBe(true);
    expect(listed.slice(6).every((w) => w.lang === 'zh-CN' && w.group === '教程（中文）')).toBe(true);
    // Titles are the notebooks' own.
    const zh = readFileSync(join(walkthroughsDir(), 'zh-CN/pointwise.notebook'), 'utf8');
    expect(zh).toContain(`<title>${listed.find((w) => w.path.endsWith('zh-CN/pointwise.notebook'))!.title}</title>`);
  });

  test('a mounted walkthrough opens trusted and bundled, and saving it is refused (FORBIDDEN), leaving the shipped file as it was', async () => {
    box = sandbox();
    mkdirSync(box.root);
    const shipped = join(box.dir, 'shipped');
    cpSync(walkthroughsDir(), shipped, { recursive: true });
    const workspace = await open(box.root, shipped, box.state);
    const path = `${WALKTHROUGHS_MOUNT}/zh-CN/conv2d-walkthrough.notebook`;
    const opened = await workspace.open(path);
    expect([opened.bundled, opened.trusted]).toEqual([true, true]);
    expect(opened.text).toBe(readFileSync(join(shipped, 'zh-CN/conv2d-walkthrough.notebook'), 'utf8'));
    expect(await outcome(workspace.save(path, 'changed', { expectHash: opened.hash }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(readFileSync(join(shipped, 'zh-CN/conv2d-walkthrough.notebook'), 'utf8')).toBe(opened.text);
    // The mount is no way out: '..' under it is refused like anywhere else.
    expect(await outcome(workspace.open(`${WALKTHROUGHS_MOUNT}/../served/x.notebook`))).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('a served folder holding the walkthroughs (npm start serves notebooks/) names them as its own files, writable', async () => {
    box = sandbox();
    cpSync(walkthroughsDir(), box.root, { recursive: true });
    const workspace = await open(box.root, box.root, box.state);
    expect((await workspace.walkthroughs()).map((w) => w.path)).toEqual([...WALKTHROUGHS]);
  });
});

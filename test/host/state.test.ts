// Where state lives, what the walkthroughs are, and the small stores on disk.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../host/hash.js';
import { recentFiles } from '../../host/recent.js';
import { stateDir } from '../../host/state-dir.js';
import { trustStore } from '../../host/trust.js';
import { bundledHashes, firstWalkthrough, WALKTHROUGHS, walkthroughsDir, walkthroughTitles } from '../../host/walkthroughs.js';
import { sandbox, type Sandbox } from './helpers.js';

describe('stateDir(env, platform, home)', () => {
  it('is KERNELBOOK_STATE_DIR when set, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(stateDir({ KERNELBOOK_STATE_DIR: '/tmp/kb' }, platform, '/home/u')).toBe('/tmp/kb');
    }
  });

  it('else the platform\'s per-user place', () => {
    expect(stateDir({}, 'linux', '/home/u')).toBe('/home/u/.local/state/kernelbook');
    expect(stateDir({ XDG_STATE_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/kernelbook');
    expect(stateDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Kernelbook');
    expect(stateDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toMatch(/Roaming.Kernelbook$/);
  });
});

describe('the walkthroughs', () => {
  it('WALKTHROUGHS lists every notebook in notebooks/, and nothing else', () => {
    const notebooksIn = (sub: string) => readdirSync(join(walkthroughsDir(), sub)).filter((n) => n.endsWith('.notebook')).map((n) => `${sub ? `${sub}/` : ''}${n}`);
    expect([...WALKTHROUGHS].sort()).toEqual([...notebooksIn(''), ...notebooksIn('zh-CN')].sort());
    expect(firstWalkthrough()).toBe(join(walkthroughsDir(), 'conv2d-walkthrough.notebook'));
  });

  it('bundled means the content as shipped', async () => {
    const hashes = await bundledHashes();
    expect(hashes.size).toBe(WALKTHROUGHS.length);
    expect(hashes.has(contentHash(readFileSync(firstWalkthrough())))).toBe(true);
  });

  it('have titles for the Help menu, from their <title>', async () => {
    const titles = await walkthroughTitles();
    expect(titles.map((t) => [t.group, t.title])).toEqual([
      [null, 'conv2d, channel by channel'],
      [null, 'Depthwise vs. conv2d'],
      [null, 'Pointwise: the 1×1 convolution'],
      [null, 'Feature maps of a photograph'],
      [null, 'separable_conv2d, parameter by parameter'],
      [null, 'MobileNet-v1: where the time goes'],
      ['教程（中文）', 'conv2d：逐通道计算'],
      ['教程（中文）', '深度卷积与 conv2d'],
      ['教程（中文）', '逐点卷积：1×1 卷积'],
      ['教程（中文）', '一张照片的特征图'],
      ['教程（中文）', 'separable_conv2d 的每一个参数'],
      ['教程（中文）', 'MobileNet-v1：时间花在哪里'],
    ]);
  });
});

describe('trust and recent files on disk', () => {
  let box: Sandbox;
  beforeEach(() => { box = sandbox(); });
  afterEach(() => box.remove());

  it('trust calls in flight together are all kept, and survive a new store (a restart)', async () => {
    const hashes = Array.from({ length: 8 }, (_, i) => contentHash(`v${i}`));
    const store = trustStore(box.state);
    await Promise.all(hashes.map((h, i) => store.trust(h, `/n${i}.notebook`)));
    const restarted = trustStore(box.state);
    for (const h of hashes) expect(await restarted.isTrusted(h)).toBe(true);
    expect(await restarted.isTrusted(contentHash('never trusted'))).toBe(false);
  });

  it('an unreadable trust file is set aside as .broken, not overwritten, and trust starts empty', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(box.state, { recursive: true });
    writeFileSync(join(box.state, 'trust.json'), '{ not json');
    const store = trustStore(box.state);
    expect(await store.isTrusted(contentHash('x'))).toBe(false);
    expect(readFileSync(join(box.state, 'trust.json.broken'), 'utf8')).toBe('{ not json');
  });

  it('recent files: newest first, no duplicates, at most 20', async () => {
    const recent = recentFiles(box.state);
    for (let i = 0; i < 25; i++) await recent.add(`/n${i}.notebook`);
    await recent.add('/n3.notebook');
    const list = await recent.list();
    expect(list).toHaveLength(20);
    expect(list.slice(0, 3)).toEqual(['/n3.notebook', '/n24.notebook', '/n23.notebook']);
    expect(new Set(list).size).toBe(20);
  });
});

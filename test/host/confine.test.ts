// serve's path rule: relative to the served folder, and really inside it
// after following symbolic links.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confine, pathSegments } from '../../host/confine.js';
import { outcome, sandbox, type Sandbox } from './helpers.js';

describe('pathSegments(path)', () => {
  it('splits on / and drops empty and . segments', () => {
    expect(pathSegments('a/./b//c.notebook')).toEqual(['a', 'b', 'c.notebook']);
    expect(pathSegments('')).toEqual([]);
  });

  it.each([
    ['../secret.notebook', 'FORBIDDEN', /'\.\.' would leave/],
    ['a/../../secret.notebook', 'FORBIDDEN', /'\.\.' would leave/],
    ['/etc/passwd', 'FORBIDDEN', /relative to the served folder/],
    ['C:/Windows/x.notebook', 'FORBIDDEN', /relative to the served folder/],
    ['a\\..\\b.notebook', 'BAD_REQUEST', /use \/ to separate/],
    ['a\0.notebook', 'BAD_REQUEST', /NUL/],
  ])('refuses %j (%s)', async (path, code, message) => {
    expect(await outcome((async () => pathSegments(path))())).toMatchObject({ code, message: expect.stringMatching(message) });
  });
});

describe('confine(root, path)', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox();
    mkdirSync(join(box.root, 'sub'), { recursive: true });
    writeFileSync(join(box.root, 'sub', 'in.notebook'), 'in');
    writeFileSync(join(box.dir, 'secret.notebook'), 'secret');
    symlinkSync(join(box.dir, 'secret.notebook'), join(box.root, 'link-out.notebook'));
    symlinkSync(box.dir, join(box.root, 'folder-out'));
    symlinkSync(join(box.root, 'sub', 'in.notebook'), join(box.root, 'link-in.notebook'));
    symlinkSync(join(box.dir, 'nothing-here.notebook'), join(box.root, 'dangling.notebook'));
  });
  afterAll(() => box.remove());

  it('resolves a file inside, and a new file in an existing folder inside, to real paths', async () => {
    expect(await confine(box.root, 'sub/in.notebook')).toBe(join(box.root, 'sub', 'in.notebook'));
    expect(await confine(box.root, 'sub/new.notebook')).toBe(join(box.root, 'sub', 'new.notebook'));
    expect(await confine(box.root, '')).toBe(box.root);
  });

  it('follows a link that stays inside to its target', async () => {
    expect(await confine(box.root, 'link-in.notebook')).toBe(join(box.root, 'sub', 'in.notebook'));
  });

  it('refuses a link to a file outside, a link to a folder outside, and a file under it', async () => {
    for (const path of ['link-out.notebook', 'folder-out', 'folder-out/secret.notebook', 'folder-out/new.notebook']) {
      expect(await outcome(confine(box.root, path)), path).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/symbolic link/) });
    }
  });

  it('refuses to write through a dangling link', async () => {
    expect(await outcome(confine(box.root, 'dangling.notebook'))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

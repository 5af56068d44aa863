// electron-builder.yml: valid by electron-builder's own schema and checks
// (electron-builder cannot package here: it would download Electron), and
// saying what the issue asks: the targets of each platform, the .notebook
// file association, and the fuses.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own validation', async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });

  it('and that validation does refuse a mistake (an option in the wrong place)', async () => {
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, dmgTitle: 'x' } }, { isEnabled: false, add() {} })).rejects.toThrow(/configuration.linux should be/);
  });

  it('builds AppImage and deb for Linux, dmg for macOS, nsis for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it('associates .notebook files with the app', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'notebook', role: 'Editor', mimeType: 'application/x-kernelbook-notebook' })]);
  });

  it('sets the fuses: no file:// extra privileges, no run-as-node, the app only from its asar', () => {
    expect(config.electronFuses).toMatchObject({ grantFileProtocolExtraPrivileges: false, runAsNode: false, onlyLoadAppFromAsar: true });
  });

  it('packs what the main process loads: its entry (package.json main), dist/ and the walkthroughs', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(manifest.main).toBe('dist/electron/main.js');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'notebooks/**/*', 'package.json']));
  });

  it('the built preload is one CommonJS file needing nothing but electron (a sandboxed preload can load nothing else)', () => {
    const preload = readFileSync('dist/electron/preload.cjs', 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export) /m);
    expect(preload).toMatch(/exposeInMainWorld\(PRELOAD_GLOBAL/);
  });
});

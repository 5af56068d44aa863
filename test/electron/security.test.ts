// Electron's security checklist as the app applies it: window preferences,
// navigation, window.open, permissions, and which file a command line opens.
import { describe, expect, it } from 'vitest';
import { notebookFromArgv } from '../../electron/argv.js';
import { navigationVerdict, permissionVerdict, WEB_PREFERENCES, windowOpenVerdict } from '../../electron/security.js';

describe('WEB_PREFERENCES', () => {
  it('isolates and sandboxes every window, with no Node in the page', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('navigationVerdict(url)', () => {
  it('allows only the app itself; web links go to the system browser; anything else is refused', () => {
    expect(navigationVerdict('app://kernelbook/index.html')).toBe('allow');
    expect(navigationVerdict('https://www.tensorflow.org/api_docs/python/tf/nn/depthwise_conv2d')).toBe('external');
    expect(navigationVerdict('http://example.com/')).toBe('external');
    expect(navigationVerdict('mailto:someone@example.com')).toBe('external');
    for (const url of ['file:///etc/passwd', 'app://elsewhere/', 'javascript:alert(1)', 'data:text/html,<p>x', 'chrome://settings', 'not a url']) {
      expect({ url, verdict: navigationVerdict(url) }).toEqual({ url, verdict: 'deny' });
    }
  });
});

describe('windowOpenVerdict(url)', () => {
  it('never opens an Electron window: web links to the system browser, the rest refused', () => {
    expect(windowOpenVerdict('https://arxiv.org/abs/1704.04861')).toBe('external');
    expect(windowOpenVerdict('app://kernelbook/index.html')).toBe('deny');
    expect(windowOpenVerdict('file:///home/u/.ssh/id_rsa')).toBe('deny');
  });
});

describe('permissionVerdict(permission)', () => {
  it('grants only writing to the clipboard', () => {
    expect(permissionVerdict('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) expect(permissionVerdict(p)).toBe(false);
  });
});

describe('notebookFromArgv(argv, cwd)', () => {
  it('finds the notebook a command line or the OS asked to open, resolved against its folder', () => {
    expect(notebookFromArgv(['/opt/Kernelbook/kernelbook', '/home/u/a.notebook'], '/tmp')).toBe('/home/u/a.notebook');
    expect(notebookFromArgv(['electron', '.', '--no-sandbox', 'nb/b.ipynb'], '/home/u')).toBe('/home/u/nb/b.ipynb');
    expect(notebookFromArgv(['electron', '.'], '/home/u')).toBeNull();
    expect(notebookFromArgv(['kernelbook', '--inspect=9229', 'notes.txt'], '/home/u')).toBeNull();
  });
});

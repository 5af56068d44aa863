// Electron's security checklist as data and small decisions, so a test can read
// them: how windows are configured, where a page may navigate, what opens in
// the system browser, which permissions a page gets.
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

/** webPreferences of every workbook window (the preload path is added by main.ts). */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const;

/**
 * Where a navigation (a link click, `location = …`) may go: nowhere but the app
 * itself (a reload); web links open in the system browser instead; anything
 * else (file:, javascript:, other schemes) is refused.
 */
export function navigationVerdict(url: string): 'allow' | 'external' | 'deny' {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'deny';
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return 'allow';
  return isExternalLink(parsed) ? 'external' : 'deny';
}

/** window.open never makes a new Electron window; web links go to the system browser. */
export function windowOpenVerdict(url: string): 'external' | 'deny' {
  try {
    return isExternalLink(new URL(url)) ? 'external' : 'deny';
  } catch {
    return 'deny';
  }
}

function isExternalLink(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:';
}

/** Permissions a page may have: only writing to the clipboard (copying a value or a figure). */
export function permissionVerdict(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

// Where the hosts keep what outlives a window: trust, recent files, recovery
// copies. One folder per user, shared by the Electron app and `kernelbook serve`
// so a notebook trusted in one is trusted in the other and work autosaved by
// one is offered by the other. KERNELBOOK_STATE_DIR overrides it (tests use a
// temporary folder; a portable install can point it next to itself).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.KERNELBOOK_STATE_DIR) return env.KERNELBOOK_STATE_DIR;
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Kernelbook');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Kernelbook');
  // XDG: state (not config, not cache) is what this is.
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'kernelbook');
}

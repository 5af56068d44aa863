// A workspace with the per-user state wired in: what both hosts start from.
import { bundledHashes } from './walkthroughs.js';
import { recentFiles } from './recent.js';
import { recoveryStore } from './recovery.js';
import { stateDir as defaultStateDir } from './state-dir.js';
import { trustStore } from './trust.js';
import { createWorkspace, type Workspace, type WorkspaceOptions } from './workspace.js';
import type { Access } from './access.js';

export async function openWorkspace(access: Access, options: { stateDir?: string; initialPath?: string | null; bundledDir?: string } & Pick<WorkspaceOptions, 'watch'> = {}): Promise<Workspace> {
  const state = options.stateDir ?? defaultStateDir();
  return createWorkspace({
    access,
    trust: trustStore(state),
    recent: recentFiles(state),
    recovery: recoveryStore(state),
    bundled: await bundledHashes(options.bundledDir),
    initialPath: options.initialPath ?? null,
    watch: options.watch,
    walkthroughsDir: options.bundledDir,
  });
}

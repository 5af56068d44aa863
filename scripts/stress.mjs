// `npm run stress -- --minutes N [--seed S] [--only PROPERTY] [--path P]`: the
// differential stress suite (test/engine/stress.test.ts) for as long as asked,
// with fresh seeds unless one is given. Builds first: the engines' workers run
// the built JS.
import { execFileSync, spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const value = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const env = { ...process.env };
env.KERNELBOOK_STRESS_MINUTES = value('--minutes') ?? (value('--path') ? '0' : '10');
if (value('--seed')) env.KERNELBOOK_STRESS_SEED = value('--seed');
if (value('--only')) env.KERNELBOOK_STRESS_ONLY = value('--only');
if (value('--path')) env.KERNELBOOK_STRESS_PATH = value('--path');
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/engine/stress.test.ts'], { stdio: 'inherit', env });
process.exit(run.status ?? 1);

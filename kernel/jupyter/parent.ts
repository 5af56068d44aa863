// A kernel whose client died without shutting it down would run on forever,
// holding its ports. Like ipykernel's parent poller, the kernel watches the
// process that started it and stops when it is gone (its parent changes:
// it was re-parented to init or a subreaper).

/** How often the parent is checked. */
const POLL_MS = 1000;

/** Calls `gone` once the parent process has exited; returns the function that stops watching. */
export function watchParent(gone: (pid: number) => void): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone(parent);
  }, POLL_MS);
  // Watching never keeps the kernel alive by itself.
  timer.unref();
  return () => clearInterval(timer);
}

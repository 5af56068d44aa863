// Runs tasks with the same key one after another (saves of one file, writes of
// one state file), so a conflict check and the write it guards cannot interleave
// with another save of the same file from this process.
export function keyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => {});
    tails.set(key, tail);
    // Forget the key once nothing is queued behind this task.
    void tail.then(() => { if (tails.get(key) === tail) tails.delete(key); });
    return result;
  };
}

// The kernel shares its stdout and stderr with the process that started it
// (the Jupyter server, jupyter console, a test's client). When Node pipes a
// worker thread's output (the heartbeat's, the engine pool's) to
// process.stdout, it puts a pipe it inherited into non-blocking mode, and
// that mode belongs to the pipe, not to the kernel: the parent's own large
// writes then fail half done (Python loses output with BlockingIOError).
// So the kernel's process.stdout and process.stderr write with plain
// blocking writes, and Node never opens the inherited pipes as streams.
import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/** Call before any worker thread starts. */
export function keepStdioBlocking(): void {
  for (const [name, fd] of [['stdout', 1], ['stderr', 2]] as const) {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        try {
          for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at);
        } catch {
          // A closed or full descriptor loses the kernel's log line, never the kernel.
        }
        done();
      },
    });
    Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => stream });
  }
}

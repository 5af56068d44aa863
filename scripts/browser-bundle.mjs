// How kernel/ and engine/ are bundled for a browser page (the workbook, and the
// Chromium tests): one place, so the tests bundle the way the app does.
//
// The engine reaches Node's `node:os` and `node:worker_threads` only through
// dynamic imports behind a `process.versions.node` check; in a page those
// branches never run, so the imports stay as they are instead of failing the
// bundle.
export const browserBundleOptions = {
  bundle: true,
  platform: 'browser',
  external: ['node:*'],
  logLevel: 'silent',
};

// The .notebook format: read, write, and convert to and from Jupyter. Pure and
// DOM-free, so the renderer can bundle it; saving to disk (atomicWriteFile) is
// Node-only and lives in ./atomic-write.js, deliberately not re-exported here.

export { parseNotebook, type ParseOptions } from './parse.js';
export { serializeNotebook } from './serialize.js';
export { NotebookFormatError } from './errors.js';
export { notebookToIpynb, ipynbToNotebook, KERNELSPEC, type IpynbReadResult } from './ipynb.js';
export { decodeUtf8 } from './utf8.js';

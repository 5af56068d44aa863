// The .notebook format: read, write, save, and convert to and from Jupyter.

export { parseNotebook, type ParseOptions } from './parse.js';
export { serializeNotebook } from './serialize.js';
export { NotebookFormatError } from './errors.js';
export { atomicWriteFile } from './atomic-write.js';
export { notebookToIpynb, ipynbToNotebook, KERNELSPEC, type IpynbReadResult } from './ipynb.js';
export { decodeUtf8 } from './utf8.js';

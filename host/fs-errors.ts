// File-system failures as the renderer understands them (renderer/host.ts's
// HostErrorCode), with messages that name the file rather than errno jargon.
import type { HostError, HostPath } from '../renderer/host.js';
import { hostError, isHostError } from './host-error.js';

export function asHostError(error: unknown, path: HostPath): HostError {
  if (isHostError(error)) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return hostError('NOT_FOUND', `${path}: no such file or folder`);
    case 'ENOTDIR': return hostError('NOT_FOUND', `${path}: a part of this path is not a folder`);
    case 'EISDIR': return hostError('BAD_REQUEST', `${path} is a folder, not a file`);
    case 'EACCES': case 'EPERM': return hostError('IO', `${path}: permission denied`);
    case 'EROFS': return hostError('IO', `${path}: the file system is read-only`);
    case 'ENOSPC': return hostError('IO', `${path}: the disk is full`);
    case 'ELOOP': return hostError('FORBIDDEN', `${path}: too many symbolic links`);
    default: return hostError('IO', `${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

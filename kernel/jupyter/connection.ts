// The connection file a Jupyter client writes before it starts a kernel: the
// five ports, the transport and the key every message is signed with. A
// kernel started by hand on a file that does not exist yet picks its own
// ports and key and writes the file, so `jupyter console --existing FILE`
// can join it.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export const CHANNELS = ['shell', 'control', 'stdin', 'iopub', 'hb'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
  kernel_name?: string;
}

/** Reads and checks a connection file; a missing file is `null`, anything malformed a clear error. */
export async function readConnectionFile(path: string): Promise<ConnectionInfo | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read the connection file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the connection file ${path} is not JSON: ${(error as Error).message}`);
  }
  return checkConnectionInfo(json, path);
}

export function checkConnectionInfo(json: unknown, path = 'connection file'): ConnectionInfo {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${path}: expected a JSON object`);
  const info = json as Record<string, unknown>;
  const problems: string[] = [];
  const transport = info.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'ipc') problems.push(`transport ${JSON.stringify(transport)} is not tcp or ipc`);
  const ip = info.ip ?? '127.0.0.1';
  if (typeof ip !== 'string' || !ip) problems.push('ip must be a non-empty string');
  const key = info.key ?? '';
  if (typeof key !== 'string') problems.push('key must be a string');
  const scheme = info.signature_scheme ?? 'hmac-sha256';
  if (typeof scheme !== 'string' || !/^hmac-[a-z0-9-]+$/.test(scheme)) problems.push(`signature_scheme ${JSON.stringify(scheme)} is not hmac-<hash>`);
  for (const channel of CHANNELS) {
    const port = info[`${channel}_port`];
    if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535) problems.push(`${channel}_port must be a port number, found ${JSON.stringify(port)}`);
  }
  if (problems.length) throw new Error(`${path}: ${problems.join('; ')}`);
  return { ...(info as unknown as ConnectionInfo), transport: transport as 'tcp' | 'ipc', ip: ip as string, key: key as string, signature_scheme: scheme as string };
}

/** The ZeroMQ endpoint of a channel; port 0 asks for any free port. */
export function endpoint(info: ConnectionInfo, channel: Channel): string {
  const port = info[`${channel}_port`];
  if (info.transport === 'ipc') return `ipc://${info.ip}-${port || portFor(channel)}`;
  return `tcp://${info.ip.includes(':') ? `[${info.ip}]` : info.ip}:${port || '*'}`;
}

/** ipc endpoints have no "any port": jupyter_client numbers them 1 to 5. */
function portFor(channel: Channel): number {
  return CHANNELS.indexOf(channel) + 1;
}

/** The port a bound endpoint (e.g. tcp://127.0.0.1:40123) ended up on. */
export function portOf(boundEndpoint: string): number {
  const match = /:(\d+)$/.exec(boundEndpoint) ?? /-(\d+)$/.exec(boundEndpoint);
  if (!match) throw new Error(`cannot read the port of ${boundEndpoint}`);
  return Number(match[1]);
}

/** Connection info for a kernel started without one: every port chosen at bind time, a fresh key. */
export function freshConnectionInfo(): ConnectionInfo {
  return {
    transport: 'tcp', ip: '127.0.0.1', key: randomBytes(16).toString('hex'), signature_scheme: 'hmac-sha256',
    shell_port: 0, control_port: 0, stdin_port: 0, iopub_port: 0, hb_port: 0, kernel_name: 'kernelbook',
  };
}

/** Written readable by its owner only: the key is what keeps other users of the machine out. */
export async function writeConnectionFile(path: string, info: ConnectionInfo): Promise<void> {
  await writeFile(path, `${JSON.stringify(info, null, 1)}\n`, { mode: 0o600, flag: 'wx' });
}

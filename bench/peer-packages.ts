// Typed access to bench/packages.mjs, which loads the peer libraries from
// bench/'s own node_modules (why: see there). This module runs compiled, as
// dist/bench/peer-packages.js, so bench/ is two folders up from it.
export interface PeerPackages {
  importPeer(name: string): Promise<unknown>;
  requirePeer(name: string): unknown;
  resolvePeer(name: string): string;
  requireResolvePeer(name: string): string;
}

const LOADER = new URL('../../bench/packages.mjs', import.meta.url);

export function peerPackages(): Promise<PeerPackages> {
  return import(LOADER.href) as Promise<PeerPackages>;
}

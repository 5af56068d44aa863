// The wire format: a message as ZeroMQ frames,
//   identities…, <IDS|MSG>, signature, header, parent_header, metadata, content, buffers…
// decode() checks the signature (and that it is not a replay) before parsing
// anything; a message that fails is returned as a reason, never as a message.
import type { Message } from './message.js';
import type { SignatureHistory } from './replay.js';
import type { Signer } from './signature.js';

const DELIMITER = Buffer.from('<IDS|MSG>');

export type Decoded = { message: Message; rejected?: undefined } | { rejected: string; message?: undefined };

export function decode(frames: readonly Buffer[], signer: Signer, history?: SignatureHistory): Decoded {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) return { rejected: 'no <IDS|MSG> delimiter' };
  if (frames.length < at + 6) return { rejected: `${frames.length - at - 1} frames after the delimiter, expected at least 5` };
  const signature = frames[at + 1].toString('ascii');
  const parts = frames.slice(at + 2, at + 6);
  if (signer.enabled) {
    if (!signature) return { rejected: 'unsigned' };
    if (!signer.verify(parts, signature)) return { rejected: 'bad signature' };
    if (history && !history.add(signature)) return { rejected: 'replayed signature' };
  }
  let json: unknown[];
  try {
    json = parts.map((p) => JSON.parse(p.toString('utf8')));
  } catch (error) {
    return { rejected: `invalid JSON: ${(error as Error).message}` };
  }
  const [header, parent, metadata, content] = json as Record<string, any>[];
  if (!isObject(header) || typeof header.msg_type !== 'string' || typeof header.msg_id !== 'string') return { rejected: 'header without msg_id and msg_type' };
  return {
    message: {
      identities: frames.slice(0, at),
      header,
      parent_header: isObject(parent) ? parent : {},
      metadata: isObject(metadata) ? metadata : {},
      content: isObject(content) ? content : {},
      buffers: frames.slice(at + 6),
    } as Message,
  };
}

export function encode(message: Message, signer: Signer): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((p) => Buffer.from(JSON.stringify(p), 'utf8'));
  return [...message.identities, DELIMITER, Buffer.from(signer.sign(parts), 'ascii'), ...parts, ...message.buffers];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Jupyter messages as the kernel handles them: a header, the header of the
// request it answers, metadata and content, plus the ZeroMQ routing
// identities of the client that sent it (replies go back to them).
import { randomUUID } from 'node:crypto';

/** The messaging protocol version this kernel speaks. */
export const PROTOCOL_VERSION = '5.3';

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export type Content = Record<string, unknown>;

export interface Message<C extends Content = Content> {
  /** ROUTER identities of the sender, for replies; IOPub carries a topic here instead. */
  identities: Buffer[];
  header: Header;
  /** Empty for messages that answer nothing. */
  parent_header: Header | Record<string, never>;
  metadata: Content;
  content: C;
  buffers: Buffer[];
}

export function newHeader(msgType: string, session: string): Header {
  return { msg_id: randomUUID(), session, username: 'kernel', date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION };
}

/** A message sent by the kernel: a reply to `parent`, or (parent null) news of its own. */
export function kernelMessage<C extends Content>(msgType: string, content: C, session: string, parent: Message | null, identities: Buffer[] = []): Message<C> {
  return { identities, header: newHeader(msgType, session), parent_header: parent ? parent.header : {}, metadata: {}, content, buffers: [] };
}

/** `execute_request` is answered by `execute_reply`. */
export function replyType(requestType: string): string {
  return requestType.replace(/_request$/, '_reply');
}

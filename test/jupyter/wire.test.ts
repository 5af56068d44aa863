// The wire format and its signatures, without sockets: what decode() accepts
// and every way it refuses a message.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kernelMessage, type Message } from '../../kernel/jupyter/message.js';
import { SignatureHistory } from '../../kernel/jupyter/replay.js';
import { Signer } from '../../kernel/jupyter/signature.js';
import { decode, encode } from '../../kernel/jupyter/wire.js';

const KEY = 'a0436f6c-1916-498b-8eb9-e81ab9368e84';
const signer = new Signer('hmac-sha256', KEY);
const request = (): Message => ({
  ...kernelMessage('execute_request', { code: '1 + 1', silent: false }, 'client-session', null, [Buffer.from('router-id')]),
  metadata: { cellId: 'c1' },
  buffers: [Buffer.from([1, 2, 3])],
});

describe('encode and decode', () => {
  it('round-trip identities, the four JSON parts and buffers', () => {
    const message = request();
    const decoded = decode(encode(message, signer), signer);
    expect(decoded.rejected).toBeUndefined();
    expect(decoded.message!.identities).toEqual([Buffer.from('router-id')]);
    expect(decoded.message!.header).toEqual(message.header);
    expect(decoded.message!.content).toEqual({ code: '1 + 1', silent: false });
    expect(decoded.message!.metadata).toEqual({ cellId: 'c1' });
    expect(decoded.message!.buffers).toEqual([Buffer.from([1, 2, 3])]);
  });

  it('the signature is HMAC-SHA256 of header, parent header, metadata and content, in hex', () => {
    const frames = encode(request(), signer);
    const at = frames.findIndex((f) => f.toString() === '<IDS|MSG>');
    const hmac = createHmac('sha256', KEY);
    for (const part of frames.slice(at + 2, at + 6)) hmac.update(part);
    expect(frames[at + 1].toString()).toBe(hmac.digest('hex'));
  });

  it('a message answering another carries its header as parent_header', () => {
    const parent = request();
    const reply = kernelMessage('execute_reply', { status: 'ok' }, 'kernel-session', parent);
    expect(reply.parent_header).toEqual(parent.header);
    expect(kernelMessage('status', {}, 'kernel-session', null).parent_header).toEqual({});
    expect((reply.parent_header as { msg_type: string }).msg_type).toBe('execute_request');
    expect(reply.header).toMatchObject({ msg_type: 'execute_reply', session: 'kernel-session', version: '5.3' });
  });
});

describe('decode refuses', () => {
  const frames = () => encode(request(), signer);
  const at = 1;

  it('a change to any signed part', () => {
    for (let part = 0; part < 4; part++) {
      const tampered = frames();
      const text = tampered[at + 2 + part].toString();
      tampered[at + 2 + part] = Buffer.from(text.replace(/}$/, ',"x":1}').replace(/^\{\}$/, '{"x":1}'));
      expect(decode(tampered, signer)).toEqual({ rejected: 'bad signature' });
    }
  });

  it('a message signed with another key, and one not signed at all', () => {
    expect(decode(encode(request(), new Signer('hmac-sha256', 'another key')), signer)).toEqual({ rejected: 'bad signature' });
    const unsigned = frames();
    unsigned[at + 1] = Buffer.alloc(0);
    expect(decode(unsigned, signer)).toEqual({ rejected: 'unsigned' });
  });

  it('the same signed message a second time', () => {
    const history = new SignatureHistory();
    const message = frames();
    expect(decode(message, signer, history).rejected).toBeUndefined();
    expect(decode(message, signer, history)).toEqual({ rejected: 'replayed signature' });
  });

  it('frames without the delimiter, too few frames, a signed part that is not JSON', () => {
    expect(decode(frames().filter((f) => f.toString() !== '<IDS|MSG>'), signer)).toEqual({ rejected: 'no <IDS|MSG> delimiter' });
    expect(decode(frames().slice(0, 4), signer).rejected).toMatch(/frames after the delimiter, expected at least 5/);
    const parts = [Buffer.from('{"msg_id": '), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}')];
    expect(decode([Buffer.from('<IDS|MSG>'), Buffer.from(signer.sign(parts)), ...parts], signer).rejected).toMatch(/^invalid JSON/);
  });

  it('with an empty key nothing is signed and nothing is checked, as the protocol says', () => {
    const open = new Signer('hmac-sha256', '');
    const message = encode(request(), open);
    expect(message[at + 1].toString()).toBe('');
    expect(decode(message, open).rejected).toBeUndefined();
  });
});

describe('Signer', () => {
  it('takes any hmac-<hash> Node knows and refuses others by name', () => {
    expect(new Signer('hmac-sha512', 'k').sign([Buffer.from('x')])).toMatch(/^[0-9a-f]{128}$/);
    expect(() => new Signer('hmac-nonesuch', 'k')).toThrow('signature_scheme hmac-nonesuch: nonesuch is not a hash this Node knows');
  });
});

describe('SignatureHistory', () => {
  it('forgets the oldest signatures past its limit, never the newest', () => {
    const history = new SignatureHistory(10);
    for (let i = 0; i < 11; i++) expect(history.add(`s${i}`)).toBe(true);
    expect(history.add('s10')).toBe(false);
    expect(history.add('s0')).toBe(true);
  });
});

// Gives the event loop a turn (timers, an AbortSignal's listeners) from a
// long computation on the calling thread: setImmediate in Node, a
// MessageChannel round trip in a page (setTimeout would be clamped to 4 ms).
export const yieldToEventLoop: () => Promise<void> = typeof setImmediate === 'function'
  ? () => new Promise((resolve) => setImmediate(resolve))
  : () => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(0);
  });

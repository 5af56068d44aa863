// The headers every response of both hosts carries (serve's HTTP and Electron's
// app:// scheme), in one place so the two cannot drift. COOP + COEP make the
// page cross-origin isolated, which is what gives the engine SharedArrayBuffer
// and its worker threads; CORP keeps our resources from being embedded elsewhere.
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// What the workbook's page may do. Cells are code compiled in the page, so
// script-src needs 'unsafe-eval' (kernel/runtime/evaluate.ts), and the engine
// compiles WebAssembly ('wasm-unsafe-eval'); everything else comes from the app
// itself: no CDN, no remote fetches, no plugins, no framing.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

// Values as Jupyter MIME bundles: the views' bundle (text/plain always;
// text/html, image/svg+xml and image/png where the value is a picture), a
// tensor's grid as text/html, and, for an Inputs control, a note of what it
// is, which the session turns into the control's text once it knows the
// name the cell declares (see controls.ts).
import { mimeBundle, tensorHtml } from '../views/index.js';
import { isTensorLike } from '../views/inspect.js';
import type { MimeBundle } from '../runtime/state.js';
import { controlOf } from './controls.js';

/** Carries a control's description from the renderer to the session; never sent to a client. */
export const CONTROL_MIME = 'application/vnd.kernelbook.control+json';

export function jupyterBundle(value: unknown, options: { document?: Document } = {}): MimeBundle {
  const bundle = mimeBundle(value, options);
  if (isTensorLike(value)) bundle['text/html'] = tensorHtml(value);
  const control = controlOf(value);
  if (control) bundle[CONTROL_MIME] = JSON.stringify(control);
  return bundle;
}

/** The bundle of the value undefined: the only one that is exactly text/plain "undefined" (a string gets JSON too). */
export function isUndefined(bundle: MimeBundle): boolean {
  const keys = Object.keys(bundle);
  return keys.length === 1 && bundle['text/plain'] === 'undefined';
}

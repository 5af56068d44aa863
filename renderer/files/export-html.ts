// Export HTML: the notebook as one self-contained page — every cell's source
// and what it shows now, with the workbook's stylesheet inlined (KaTeX's fonts
// as data URLs), so the file opens anywhere, offline, with nothing to run.
import type { Notebook } from '../../kernel/notebook.js';
import type { CellState, MimeBundle } from '../../kernel/runtime/state.js';
import { base64 } from '../../kernel/views/png.js';

export interface ExportedCell {
  state: CellState | undefined;
  /** The cell's outputs as serialisable bundles (live nodes already turned into markup). */
  outputs: MimeBundle[];
}

/**
 * `explainScript` is the inline script of `kernelbook run --html` pages
 * (dist/page/explain.js): given, it goes into a page whose feature maps
 * carry their op call, so "explain a value" works there offline too.
 */
export function exportHtml(notebook: Notebook, cells: Map<string, ExportedCell>, css: string, explainScript?: string): string {
  const sections = notebook.cells.map((cell) => {
    const exported = cells.get(cell.id);
    const status = exported?.state?.status ?? 'idle';
    const outputs = (exported?.outputs ?? []).map(richest).join('\n');
    const error = exported?.state?.status === 'error' && exported.state.error
      ? `<pre class="kb-cell-error">${escape(exported.state.error.message)}${exported.state.error.line ? ` — line ${exported.state.error.line}` : ''}</pre>` : '';
    const code = cell.type === 'module' || cell.type === 'text/x-typescript';
    const source = `<pre class="kb-export-source"><code>${escape(cell.source)}</code></pre>`;
    // Prose shows what it renders; code shows its source when pinned, one click away otherwise.
    const shown = !code ? (outputs ? '' : source) : cell.pinned ? source : `<details><summary>source</summary>${source}</details>`;
    return `<section class="kb-cell kb-${code ? 'code' : 'prose'}" data-cell-id="${escape(cell.id)}" data-status="${status}">
<div class="kb-cell-main"><div class="kb-outputs">${outputs}</div>${error}${shown}</div>
</section>`;
  }).join('\n');
  const title = notebook.title ?? 'Notebook';
  const script = explainScript && needsExplainScript(sections) ? `<script>\n${explainScript.replace(/<\/script/gi, '<\\/script')}\n</script>\n` : '';
  return `<!doctype html>
<html lang="${escape(pageLanguage(notebook))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escape(title)}</title>
<style>
${css}
.kb-export { max-width: 980px; margin: 0 auto; padding: 24px 18px 80px; }
.kb-export .kb-cell { display: block; }
.kb-export-source { font: 12.5px/1.5 var(--mono); background: var(--code-bg); padding: 8px 12px; border-radius: 6px; overflow-x: auto; }
.kb-export details > summary { font: 12px var(--mono); color: var(--faint); cursor: pointer; }
</style>
</head>
<body>
<main class="kb-export">
${sections}
</main>
${script}</body>
</html>
`;
}

/** Whether any output carries an op call for "explain a value" (featureMaps' <metadata>). */
export function needsExplainScript(markup: string): boolean {
  return /<metadata class="kb-explain"/.test(markup);
}

/** The notebook's language (<notebook lang="zh-CN">), so a browser picks fonts for it; English otherwise. */
function pageLanguage(notebook: Notebook): string {
  const lang = notebook.attributes?.lang;
  return lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : 'en';
}

/** The richest form of a bundle a static page can show, as the headless runner picks it. */
function richest(bundle: MimeBundle): string {
  if (bundle['text/html'] !== undefined) return `<div class="kb-output-html">${bundle['text/html']}</div>`;
  if (bundle['image/svg+xml'] !== undefined) return `<figure>${bundle['image/svg+xml']}</figure>`;
  if (bundle['image/png'] !== undefined) return `<figure><img alt="" src="data:image/png;base64,${bundle['image/png']}"></figure>`;
  const text = bundle['text/plain'] ?? bundle['application/json'];
  return text === undefined ? '' : `<pre class="kb-output-text${/^Tensor shape=/.test(text) ? ' kb-output-tensor' : ''}">${escape(text)}</pre>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * The workbook's stylesheet with its url(...) fonts inlined as data URLs
 * (woff2 only; the woff and ttf fallbacks are dropped), from the page's origin.
 */
export async function inlineStylesheet(href: string, fetchText: (url: string) => Promise<Response> = fetch): Promise<string> {
  const base = new URL(href, location.href);
  let css = await (await fetchText(base.href)).text();
  css = css.replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  const WOFF2 = /url\((["']?)([^)"']+\.woff2)\1\)/;
  const urls = [...new Set([...css.matchAll(new RegExp(WOFF2, 'g'))].map((m) => m[2]))];
  const data = new Map<string, string>();
  await Promise.all(urls.map(async (url) => {
    const bytes = new Uint8Array(await (await fetchText(new URL(url, base).href)).arrayBuffer());
    data.set(url, `data:font/woff2;base64,${base64(bytes)}`);
  }));
  // Each src: keep the woff2 source, inlined; drop the rest.
  return css.replace(/src:([^;}]*)/g, (whole, sources: string) => {
    const woff2 = WOFF2.exec(sources)?.[2];
    return woff2 && data.has(woff2) ? `src:url(${data.get(woff2)}) format("woff2")` : whole;
  });
}

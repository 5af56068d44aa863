// One self-contained static page for a run: every cell's source and output,
// with images and stylesheets inlined (KaTeX's fonts as data URLs), so the
// page opens anywhere with no network.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Notebook } from '../notebook.js';
import type { MimeBundle } from '../runtime/state.js';
import type { RunReport } from './run.js';

const require = createRequire(import.meta.url);

export function renderHtml(notebook: Notebook, report: RunReport): string {
  const byId = new Map(report.cells.map((c) => [c.id, c]));
  const sections = notebook.cells.map((cell) => {
    const result = byId.get(cell.id);
    const status = result ? result.status : 'skipped';
    const outputs = result ? result.outputs.map(renderBundle).join('\n') : '';
    const error = result?.error ? `<pre class="error">${escape(result.error.message)}${result.error.line ? ` (line ${result.error.line})` : ''}</pre>` : '';
    // Pinned cells show their source; the others keep it one click away.
    const code = `<pre class="source"><code>${escape(cell.source)}</code></pre>`;
    const source = cell.pinned ? code : `<details><summary>source</summary>${code}</details>`;
    const ms = result ? `<span class="ms">${result.ms.toFixed(1)} ms</span>` : '';
    return `<section class="cell ${status}" id="cell-${escape(cell.id)}">
<header><span class="id">${escape(cell.id)}</span> <span class="type">${escape(cell.type)}</span> <span class="status">${status}</span> ${ms}</header>
${source}
<div class="output">${outputs}${error}</div>
</section>`;
  }).join('\n');
  const body = sections;
  const css = [PAGE_CSS];
  if (/class="katex/.test(body)) css.push(katexCss());
  if (/class="inputs-/.test(body)) css.push(readFileSync(join(dirname(require.resolve('@observablehq/inputs')), 'index.css'), 'utf8'));
  const title = notebook.title ?? report.file;
  // Feature maps that carry their op call explain their values in the page too.
  const script = /<metadata class="kb-explain"/.test(body) ? `<script>\n${explainScript().replace(/<\/script/gi, '<\\/script')}\n</script>\n` : '';
  return `<!doctype html>
<html lang="${escape(pageLanguage(notebook))}">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
${css.join('\n')}
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="summary">${report.ok ? 'All cells ran.' : `${report.cells.filter((c) => c.status === 'error').length} cell(s) failed.`} <code>${escape(report.file)}</code></p>
${body}
${script}</body>
</html>
`;
}

/** The notebook's language (<notebook lang="zh-CN">), so a browser picks fonts and hyphenation for it; English otherwise. */
function pageLanguage(notebook: Notebook): string {
  const lang = notebook.attributes?.lang;
  return lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : 'en';
}

/** The richest form of a bundle a static page can show. */
function renderBundle(bundle: MimeBundle): string {
  // A Plot <figure> holds its title, legends and caption around the chart SVG.
  if (bundle['image/svg+xml'] && bundle['text/html']?.startsWith('<figure')) return `<div class="html">${bundle['text/html']}</div>`;
  if (bundle['image/svg+xml']) return `<figure>${bundle['image/svg+xml']}</figure>`;
  if (bundle['image/png']) return `<figure><img alt="" src="${pngSource(bundle['image/png'])}"></figure>`;
  if (bundle['text/html']) return `<div class="html">${bundle['text/html']}</div>`;
  if (bundle['text/plain'] !== undefined) return `<pre class="text">${escape(bundle['text/plain'])}</pre>`;
  if (bundle['application/json']) return `<pre class="json">${escape(bundle['application/json'])}</pre>`;
  return '';
}

function pngSource(data: string): string {
  return data.startsWith('data:') ? data : `data:image/png;base64,${data}`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The bundled "explain a value" script (scripts/build-page-script.mjs), from the package's dist/. */
function explainScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const file = join(dir, 'dist/page/explain.js');
  if (!existsSync(file)) throw new Error(`renderHtml: ${file} is missing; run npm run build`);
  return readFileSync(file, 'utf8');
}

/** KaTeX's stylesheet with its woff2 fonts inlined; the woff and ttf fallbacks are dropped. */
function katexCss(): string {
  const root = dirname(require.resolve('katex/package.json'));
  const css = readFileSync(join(root, 'dist/katex.min.css'), 'utf8');
  return css.replace(/src:([^;}]*)/g, (_, sources: string) => {
    const woff2 = /url\((fonts\/[^)]+\.woff2)\)/.exec(sources);
    if (!woff2) return `src:${sources}`;
    const data = readFileSync(join(root, 'dist', woff2[1])).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

const PAGE_CSS = `
body { font: 14px/1.5 system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #1b1e23; }
.cell { border-left: 3px solid #d0d7de; margin: 1.5em 0; padding: 0 0 0 1em; }
.cell.error { border-color: #cf222e; }
.cell header { font: 12px ui-monospace, monospace; color: #57606a; }
.cell .status { text-transform: uppercase; }
.cell.error .status { color: #cf222e; }
pre { overflow-x: auto; }
pre.source { background: #f6f8fa; padding: .5em .75em; border-radius: 4px; font-size: 12px; }
pre.error { color: #cf222e; }
details > summary { font: 12px ui-monospace, monospace; color: #57606a; cursor: pointer; }
figure { margin: .5em 0; }
figure img, figure svg { max-width: 100%; height: auto; }
`;

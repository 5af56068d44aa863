// Cell compilation: a cell's source becomes the definition of a runtime
// variable, with the names it reads (inputs) and the names it defines
// (outputs), following Observable Notebook 2.0's rules: an expression cell
// displays its value; a program cell defines its top-level declarations and
// shows things only through display().
import { Parser, tokTypes, type Node } from 'acorn';
import type { Cell } from '../notebook.js';
import { CELL_LOCALS, GLOBALS } from './globals.js';
import { findDeclarations, findReferences } from './references.js';
import { parseTemplate, templateCall } from './template.js';
import { loadedTypeScript } from './typescript.js';

export interface CompiledCell {
  id: string;
  type: string;
  /** False for cell types the kernel keeps but does not run. */
  runnable: boolean;
  /** Names read from other cells or builtins, in first-use order. */
  inputs: string[];
  /** Names this cell defines for other cells. */
  outputs: string[];
  /** An expression (or template) cell: its value is the cell's one output, if named. */
  expression: boolean;
  /** An expression cell shows its value; a program cell only what it display()s. */
  autodisplay: boolean;
  /** Source of an (async) arrow function taking `inputs` in order. */
  body: string;
  /** Line of the generated code that holds the cell's first source line. */
  lineOffset: number;
  /** Set when the cell cannot compile; running the cell reports it. */
  error?: CompileError;
  /** A TypeScript cell compiled before TypeScript was loaded (see typescript.ts): nothing is known of it yet. */
  waitsForTypeScript?: true;
}

export interface CompileError {
  message: string;
  /** 1-based line within the cell's source, when known. */
  line?: number;
}

type AnyNode = Node & Record<string, any>;

const acornOptions = { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true } as const;

/** Libraries a cell may `import` by name; everything is bundled, nothing is fetched. */
export const IMPORTABLE = ['d3', '@observablehq/plot', '@observablehq/inputs', 'htl', 'katex', 'marked', 'kernelbook/engine'] as const;

/** A cell the kernel keeps but does not run (yet). Fresh arrays each time: callers may keep them. */
function inert(): Omit<CompiledCell, 'id' | 'type'> {
  return { runnable: false, inputs: [], outputs: [], expression: false, autodisplay: false, body: '() => {}', lineOffset: 0 };
}

export function compileCell(cell: Cell): CompiledCell {
  const base = { id: cell.id, type: cell.type };
  try {
    switch (cell.type) {
      case 'module': return { ...base, ...compileJavaScript(cell.source, cell) };
      case 'text/x-typescript': {
        const ts = loadedTypeScript();
        if (!ts) return { ...base, ...inert(), waitsForTypeScript: true };
        return { ...base, ...compileJavaScript(stripTypes(ts, cell.source), cell) };
      }
      case 'text/markdown': return { ...base, ...compileTemplate('md', cell) };
      case 'text/html': return { ...base, ...compileTemplate('html', cell) };
      case 'application/x-tex': return { ...base, ...compileTemplate('tex.block', cell) };
      default:
        return { ...base, ...inert() };
    }
  } catch (error) {
    return {
      ...base, runnable: true, inputs: [], outputs: [], expression: false, autodisplay: false, body: '() => {}', lineOffset: 0,
      error: toCompileError(error),
    };
  }
}

function toCompileError(error: unknown): CompileError {
  if (error instanceof Error) {
    const loc = (error as { loc?: { line: number } }).loc;
    return { message: `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`, line: loc?.line };
  }
  return { message: String(error) };
}

function compileJavaScript(source: string, { output, hidden }: Cell): Omit<CompiledCell, 'id' | 'type'> {
  const expression = parseExpression(source);
  const body: AnyNode = expression ?? (Parser.parse(source, acornOptions) as AnyNode);
  const references = findReferences(body);
  const declarations = expression ? [] : findDeclarations(body);
  for (const id of declarations) {
    if (GLOBALS.has(id.name) || CELL_LOCALS.has(id.name)) {
      throw Object.assign(new SyntaxError(`${id.name} is a builtin and cannot be redefined`), { loc: id.loc ?? lineOf(source, id.start) });
    }
  }
  const outputs = expression ? (output ? [output] : []) : [...new Set(declarations.map((d) => d.name))];
  let code = expression ? source.slice(body.start, body.end) : rewriteImports(source, body);
  const async = hasAwait(body) || (!expression && body.body.some((n: AnyNode) => n.type === 'ImportDeclaration'));
  const params = references.join(', ');
  const head = `${async ? 'async ' : ''}(${params}) => {\n`;
  if (expression) {
    // An expression that calls display() or view() shows what it displays, not its value.
    const autodisplay = !hidden && !references.includes('display') && !references.includes('view');
    return { runnable: true, inputs: references, outputs, expression: true, autodisplay, body: `${head}return (\n${code}\n);\n}`, lineOffset: 3 };
  }
  code += outputs.length ? `\nreturn {${outputs.join(', ')}};` : '';
  return { runnable: true, inputs: references, outputs, expression: false, autodisplay: false, body: `${head}${code}\n}`, lineOffset: 2 };
}

function lineOf(source: string, offset: number): { line: number } {
  return { line: source.slice(0, offset).split('\n').length };
}

/** A source that is exactly one expression (not a named function or class) is an expression cell. */
function parseExpression(source: string): AnyNode | null {
  const parser = new (Parser as any)(acornOptions, source, 0);
  parser.nextToken();
  try {
    const node = parser.parseExpression() as AnyNode;
    if (parser.type !== tokTypes.eof) return null;
    if ((node.type === 'ClassExpression' || node.type === 'FunctionExpression') && node.id) return null;
    return node;
  } catch {
    return null;
  }
}

function hasAwait(node: AnyNode): boolean {
  let found = false;
  const visit = (n: AnyNode) => {
    if (found || !n || typeof n.type !== 'string') return;
    if (n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n.await)) { found = true; return; }
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return;
    for (const key in n) {
      const child = n[key];
      if (Array.isArray(child)) child.forEach(visit);
      else if (child && typeof child === 'object' && typeof child.type === 'string') visit(child);
    }
  };
  visit(node);
  return found;
}

/**
 * `import {x} from "d3"` becomes `const {x} = await __import("d3")`, so the
 * imported names are ordinary declarations (outputs) and nothing is fetched.
 */
function rewriteImports(source: string, program: AnyNode): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const node of program.body as AnyNode[]) {
    if (node.type !== 'ImportDeclaration') continue;
    const name = node.source.value as string;
    if (!(IMPORTABLE as readonly string[]).includes(name)) {
      throw Object.assign(new SyntaxError(`cannot import "${name}": only the bundled libraries can be imported (${IMPORTABLE.join(', ')})`), { loc: node.loc ?? lineOf(source, node.start) });
    }
    const named: string[] = [];
    const lines: string[] = [];
    for (const s of node.specifiers as AnyNode[]) {
      if (s.type === 'ImportNamespaceSpecifier') lines.push(`const ${s.local.name} = await __import(${JSON.stringify(name)});`);
      else if (s.type === 'ImportDefaultSpecifier') named.push(`default: ${s.local.name}`);
      else named.push(`${s.imported.type === 'Literal' ? JSON.stringify(s.imported.value) : s.imported.name}: ${s.local.name}`);
    }
    if (named.length) lines.push(`const {${named.join(', ')}} = await __import(${JSON.stringify(name)});`);
    if (!lines.length) lines.push(`await __import(${JSON.stringify(name)});`);
    edits.push({ start: node.start, end: node.end, text: lines.join(' ') });
  }
  let out = source;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** TypeScript cells run as JavaScript with their types removed (no type checking). */
function stripTypes(ts: typeof import('typescript'), source: string): string {
  const result = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false, removeComments: false },
  });
  const diagnostic = result.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostic) {
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : undefined;
    throw Object.assign(new SyntaxError(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')), { loc: line ? { line } : undefined });
  }
  // An expression cell comes back as a statement; drop the semicolon TypeScript adds.
  const text = result.outputText.replace(/\n?\/\/# sourceMappingURL=.*$/, '').replace(/\s+$/, '');
  const statement = text.replace(/;$/, '');
  return parseExpression(statement) && !parseExpression(text) ? statement : text;
}

function compileTemplate(tag: string, cell: Cell): Omit<CompiledCell, 'id' | 'type'> {
  const parts = parseTemplate(cell.source);
  const call = templateCall(tag, parts);
  const inputs = [tag.split('.')[0]];
  let async = false;
  for (const e of parts.expressions) {
    for (const name of findReferences(e.node)) if (!inputs.includes(name)) inputs.push(name);
    async ||= hasAwait(e.node as AnyNode);
  }
  const outputs = cell.output ? [cell.output] : [];
  const body = `${async ? 'async ' : ''}(${inputs.join(', ')}) => {\nreturn (\n${call}\n);\n}`;
  return { runnable: true, inputs, outputs, expression: true, autodisplay: !cell.hidden, body, lineOffset: 3 };
}

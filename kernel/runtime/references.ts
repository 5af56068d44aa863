// Free references and top-level declarations of a parsed cell: what a cell
// reads from other cells (its inputs) and what it defines (its outputs).
import type { Node } from 'acorn';
import { ancestor } from 'acorn-walk';
import { GLOBALS } from './globals.js';

type AnyNode = Node & Record<string, any>;

function isScope(node: AnyNode): boolean {
  return node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration'
    || node.type === 'ArrowFunctionExpression' || node.type === 'Program';
}

function isBlockScope(node: AnyNode): boolean {
  return node.type === 'BlockStatement' || node.type === 'SwitchStatement' || node.type === 'ForInStatement'
    || node.type === 'ForOfStatement' || node.type === 'ForStatement' || node.type === 'StaticBlock'
    || node.type === 'ClassBody' || isScope(node);
}

/** Identifiers bound by a destructuring pattern, in source order. */
export function patternNames(node: AnyNode, out: AnyNode[] = []): AnyNode[] {
  switch (node.type) {
    case 'Identifier': out.push(node); break;
    case 'ObjectPattern': for (const p of node.properties) patternNames(p.type === 'Property' ? p.value : p, out); break;
    case 'ArrayPattern': for (const e of node.elements) if (e) patternNames(e, out); break;
    case 'RestElement': patternNames(node.argument, out); break;
    case 'AssignmentPattern': patternNames(node.left, out); break;
  }
  return out;
}

/**
 * The names a cell reads but does not bind itself, in first-use order.
 * Globals (Math, console, ...) are not references: they never become inputs.
 */
export function findReferences(root: Node): string[] {
  // Each scope node maps to the names declared directly in it.
  const locals = new Map<Node, Set<string>>();
  const declare = (scope: Node | null, name: string) => {
    if (!scope) return;
    let set = locals.get(scope);
    if (!set) locals.set(scope, (set = new Set()));
    set.add(name);
  };
  const nearest = (parents: Node[], test: (n: AnyNode) => boolean, skip = 1): Node | null => {
    for (let i = parents.length - 1 - skip; i >= 0; --i) if (test(parents[i] as AnyNode)) return parents[i];
    return null;
  };
  const declareFunction = (node: AnyNode) => {
    for (const p of node.params) for (const id of patternNames(p)) declare(node, id.name);
    if (node.id && node.type !== 'FunctionDeclaration') declare(node, node.id.name);
  };
  ancestor(root, {
    VariableDeclaration(node: AnyNode, _state: unknown, parents: Node[]) {
      const scope = nearest(parents, node.kind === 'var' ? isScope : isBlockScope);
      for (const d of node.declarations) for (const id of patternNames(d.id)) declare(scope, id.name);
    },
    FunctionDeclaration(node: AnyNode, _state: unknown, parents: Node[]) {
      if (node.id) declare(nearest(parents, isBlockScope), node.id.name);
      declareFunction(node);
    },
    FunctionExpression: declareFunction as any,
    ArrowFunctionExpression: declareFunction as any,
    ClassDeclaration(node: AnyNode, _state: unknown, parents: Node[]) {
      if (node.id) declare(nearest(parents, isBlockScope), node.id.name);
    },
    ClassExpression(node: AnyNode) {
      if (node.id) declare(node.body, node.id.name);
    },
    CatchClause(node: AnyNode) {
      if (node.param) for (const id of patternNames(node.param)) declare(node.body, id.name);
    },
    ImportDeclaration(node: AnyNode, _state: unknown, parents: Node[]) {
      for (const s of node.specifiers) declare(parents[0], s.local.name);
    },
  } as any);

  const references: string[] = [];
  const seen = new Set<string>();
  const identifier = (node: AnyNode, _state: unknown, parents: Node[]) => {
    const name: string = node.name;
    if (GLOBALS.has(name) || seen.has(name)) return;
    for (let i = parents.length - 2; i >= 0; --i) {
      const parent = parents[i] as AnyNode;
      if (locals.get(parent)?.has(name)) return;
      // A catch clause binds its parameter for the clause body only; the walker
      // visits the parameter under the CatchClause node itself.
      if (parent.type === 'CatchClause' && parent.param && locals.get(parent.body)?.has(name)) return;
      if (parent.type === 'ClassExpression' && parent.id?.name === name) return;
    }
    seen.add(name);
    references.push(name);
  };
  ancestor(root, { Identifier: identifier, VariablePattern: identifier } as any);
  return references;
}

/** The names a program cell declares at its top level, in source order. */
export function findDeclarations(program: AnyNode): AnyNode[] {
  const names: AnyNode[] = [];
  for (const child of program.body as AnyNode[]) {
    switch (child.type) {
      case 'VariableDeclaration': for (const d of child.declarations) patternNames(d.id, names); break;
      case 'FunctionDeclaration':
      case 'ClassDeclaration': names.push(child.id); break;
      case 'ImportDeclaration': for (const s of child.specifiers) names.push(s.local); break;
    }
  }
  return names;
}

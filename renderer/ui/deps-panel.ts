// The dependency panel: the notebook's names, which cell defines each and
// which cells read it, and a small graph of the cells in notebook order with
// an arc from each cell to the cells it feeds (as Observable's minimap). The
// focused cell's inputs and dependents light up, so a reader sees why a cell
// re-ran.
import { ancestors, descendants, type DependencyGraph } from '../model/dependencies.js';
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 18;
// Characters of a node label that fit beside the graph (11.5px monospace from x = 84 in a 250px panel).
const LABEL_CHARS = 22;

export class DepsPanel {
  readonly root: HTMLElement;
  readonly #graphBox: HTMLElement;
  readonly #names: HTMLElement;
  readonly #show: (id: string) => void;
  #graph: DependencyGraph | null = null;
  #order: string[] = [];
  #focused: string | null = null;

  constructor(show: (id: string) => void) {
    this.#show = show;
    this.#graphBox = h('div', { class: 'kb-deps-graph' });
    this.#names = h('ul', { class: 'kb-deps-names' });
    this.root = h('aside', { class: 'kb-deps', 'aria-label': 'names and dependencies' },
      h('h2', {}, 'Dependencies'), this.#graphBox, h('h2', {}, 'Names'), this.#names);
  }

  update(graph: DependencyGraph, order: string[]): void {
    this.#graph = graph;
    this.#order = order;
    this.#render();
  }

  focus(id: string | null): void {
    this.#focused = id;
    this.#render();
  }

  #render(): void {
    const graph = this.#graph;
    if (!graph) return;
    const up = this.#focused ? ancestors(graph, this.#focused) : new Set<string>();
    const down = this.#focused ? descendants(graph, this.#focused) : new Set<string>();
    const role = (id: string) => (id === this.#focused ? 'focus' : up.has(id) ? 'up' : down.has(id) ? 'down' : '');
    this.#graphBox.replaceChildren(this.#drawGraph(graph, role));
    this.#names.replaceChildren(...graph.names.map((n) => h('li', { class: `kb-role-${role(n.definedBy) || 'none'}` },
      h('code', {}, n.name),
      h('span', { class: 'kb-deps-from' }, ' ← ', this.#link(n.definedBy)),
      n.readBy.length ? h('span', { class: 'kb-deps-to' }, ' → ', ...n.readBy.flatMap((id, i) => [i ? ', ' : '', this.#link(id)])) : '')));
  }

  #link(id: string): HTMLElement {
    return h('a', { href: `#cell-${id}`, 'data-cell': id, onclick: (e: Event) => { e.preventDefault(); this.#show(id); } }, `${this.#order.indexOf(id) + 1}`);
  }

  #drawGraph(graph: DependencyGraph, role: (id: string) => string): SVGSVGElement {
    const ids = this.#order;
    const y = (id: string) => ids.indexOf(id) * ROW + ROW / 2;
    const x = 14;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', String(ids.length * ROW));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'cells and the cells they feed');
    for (const [from, tos] of graph.downstream) {
      for (const to of tos) {
        if (!ids.includes(from) || !ids.includes(to)) continue;
        const y1 = y(from);
        const y2 = y(to);
        const bend = Math.min(60, 6 + Math.abs(y2 - y1) / 3);
        const path = document.createElementNS(SVG, 'path');
        path.setAttribute('d', `M${x},${y1} C${x + bend},${y1} ${x + bend},${y2} ${x},${y2}`);
        const lit = role(from) && role(to) && (role(from) === 'focus' || role(to) === 'focus' || role(from) === role(to));
        path.setAttribute('class', `kb-edge${lit ? ` kb-edge-${role(from) === 'focus' ? 'down' : role(to) === 'focus' ? 'up' : role(from)}` : ''}`);
        svg.append(path);
      }
    }
    ids.forEach((id, i) => {
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', `kb-node kb-role-${role(id) || 'none'}`);
      g.setAttribute('data-cell', id);
      g.addEventListener('click', () => this.#show(id));
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', String(x));
      dot.setAttribute('cy', String(y(id)));
      dot.setAttribute('r', '4');
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', String(x + 70));
      label.setAttribute('y', String(y(id) + 4));
      const defines = graph.names.filter((n) => n.definedBy === id).map((n) => n.name);
      // The panel is 250px wide: a label longer than fits is cut with an ellipsis, the whole list in its tooltip.
      const full = `${i + 1}${defines.length ? ` ${defines.join(', ')}` : ''}`;
      label.textContent = full.length > LABEL_CHARS ? `${full.slice(0, LABEL_CHARS - 1)}…` : full;
      const tip = document.createElementNS(SVG, 'title');
      tip.textContent = `cell ${full}`;
      g.append(tip, dot, label);
      svg.append(g);
    });
    return svg;
  }
}

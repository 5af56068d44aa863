// The dependency graph the panel draws and the "waiting for" a cell shows.
import { describe, expect, it } from 'vitest';
import { ancestors, dependencyGraph, descendants, waitingFor } from '../../renderer/model/dependencies.js';
import { cellBadge, formatDuration } from '../../renderer/model/cell-status.js';
import type { CellState } from '../../kernel/runtime/state.js';

// a -> b -> c, a -> c, d alone; e reads a builtin only.
const cells = [
  { id: '1', defines: ['a'], reads: ['engine'] },
  { id: '2', defines: ['b'], reads: ['a', 'Plot'] },
  { id: '3', defines: [], reads: ['b', 'a'] },
  { id: '4', defines: ['d'], reads: [] },
  { id: '5', defines: [], reads: ['width'] },
];

describe('dependencyGraph', () => {
  const graph = dependencyGraph(cells);

  it('lists every defined name with the cell defining it and the cells reading it, in notebook order', () => {
    expect(graph.names).toEqual([
      { name: 'a', definedBy: '1', readBy: ['2', '3'] },
      { name: 'b', definedBy: '2', readBy: ['3'] },
      { name: 'd', definedBy: '4', readBy: [] },
    ]);
  });

  it('links cells upstream and downstream; builtins (engine, Plot, width) are not cells', () => {
    expect(Object.fromEntries(graph.upstream)).toEqual({ 1: [], 2: ['1'], 3: ['2', '1'], 4: [], 5: [] });
    expect(Object.fromEntries(graph.downstream)).toEqual({ 1: ['2', '3'], 2: ['3'], 3: [], 4: [], 5: [] });
  });

  it('ancestors and descendants follow the edges transitively: what re-runs when a cell does', () => {
    expect([...descendants(graph, '1')].sort()).toEqual(['2', '3']);
    expect([...ancestors(graph, '3')].sort()).toEqual(['1', '2']);
    expect(descendants(graph, '4').size).toBe(0);
  });

  it('waitingFor names the first input whose cell failed', () => {
    const failed = new Set(['2']);
    expect(waitingFor(graph, '3', (id) => failed.has(id))).toEqual({ name: 'b', cellId: '2' });
    expect(waitingFor(graph, '2', (id) => failed.has(id))).toBeUndefined();
  });

  it('a name defined twice belongs to its first cell (the kernel reports the duplicate as an error)', () => {
    const twice = dependencyGraph([{ id: '1', defines: ['x'], reads: [] }, { id: '2', defines: ['x'], reads: [] }, { id: '3', defines: [], reads: ['x'] }]);
    expect(twice.names).toEqual([{ name: 'x', definedBy: '1', readBy: ['3'] }]);
  });
});

describe('cellBadge', () => {
  const state = (status: CellState['status'], extra: Partial<CellState> = {}): CellState => ({ id: '1', type: 'module', status, runCount: 1, lastDurationMs: 3, outputs: [], ...extra });

  it('maps the kernel\'s statuses onto the five automation hooks', () => {
    expect(cellBadge(undefined, false)).toEqual({ status: 'idle', label: '' });
    expect(cellBadge(state('queued'), false)).toEqual({ status: 'running', label: 'queued' });
    expect(cellBadge(state('running'), true)).toEqual({ status: 'running', label: 'running' });
    expect(cellBadge(state('ok'), false)).toEqual({ status: 'ok', label: 'ok' });
    expect(cellBadge(state('error'), false)).toEqual({ status: 'error', label: 'error' });
    expect(cellBadge(state('stale'), false)).toEqual({ status: 'stale', label: 'interrupted' });
  });

  it('an edited cell is stale until it runs; a failed cell whose input failed waits instead', () => {
    expect(cellBadge(state('ok'), true)).toEqual({ status: 'stale', label: 'edited' });
    const waiting = { name: 'b', cellId: '2' };
    expect(cellBadge(state('error'), false, waiting)).toEqual({ status: 'idle', label: 'waiting for b', waitingFor: waiting });
  });

  it('formatDuration reads as a person would write it', () => {
    expect([null, 0.4, 3.14159, 42.4, 999.6, 1234, 12_345].map(formatDuration)).toEqual(['', '<1 ms', '3.1 ms', '42 ms', '1000 ms', '1.23 s', '12.3 s']);
  });
});

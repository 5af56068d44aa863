// The pure parts behind is_complete, history, completion's cursor and the
// IOPub ordering, each on its own.
import { describe, expect, it } from 'vitest';
import { toCodePoints, toUtf16, wordAt } from '../../kernel/jupyter/cursor.js';
import { History } from '../../kernel/jupyter/history.js';
import { IOPub } from '../../kernel/jupyter/iopub.js';
import { isComplete } from '../../kernel/jupyter/is-complete.js';
import { errorContent, splitName } from '../../kernel/jupyter/traceback.js';
import { droppedValueHint } from '../../kernel/jupyter/hints.js';

describe('isComplete(code)', () => {
  it.each([
    ['const a = 1;', { status: 'complete' }],
    ['a + ', { status: 'incomplete', indent: '' }],
    ['function f(x) {', { status: 'incomplete', indent: '  ' }],
    ['const m = [[1, 2],\n  [3,', { status: 'incomplete', indent: '    ' }],
    ['const s = `line ${1}\nmore', { status: 'incomplete', indent: '' }],
    ['/* a comment', { status: 'incomplete', indent: '' }],
    ['const = 1;', { status: 'invalid' }],
    ['a b c', { status: 'invalid' }],
    ['const r = await engine.async.conv2d(x, f)', { status: 'complete' }],
    ['   \n ', { status: 'complete' }],
  ])('%j is %j', (code, expected) => {
    expect(isComplete(code)).toEqual(expected);
  });
});

describe('History', () => {
  const history = new History();
  history.add(1, 'const a = 1;');
  history.add(2, 'a + 1');
  history.add(3, 'a + 1');
  history.add(4, 'display(a)');

  it('tail: the last n, or everything', () => {
    expect(history.query({ hist_access_type: 'tail', n: 2 })).toEqual([[1, 3, 'a + 1'], [1, 4, 'display(a)']]);
    expect(history.query({ hist_access_type: 'tail' })).toHaveLength(4);
  });

  it('range: start inclusive, stop exclusive; other sessions are empty', () => {
    expect(history.query({ hist_access_type: 'range', start: 2, stop: 4 }).map((h) => h[1])).toEqual([2, 3]);
    expect(history.query({ hist_access_type: 'range', session: 7, start: 1 })).toEqual([]);
  });

  it('search: a glob, optionally unique (keeping the latest of each)', () => {
    expect(history.query({ hist_access_type: 'search', pattern: 'a + ?' }).map((h) => h[1])).toEqual([2, 3]);
    expect(history.query({ hist_access_type: 'search', pattern: '*a*', unique: true }).map((h) => h[1])).toEqual([1, 3, 4]);
    expect(history.query({ hist_access_type: 'search', pattern: '*(a)*' }).map((h) => h[1])).toEqual([4]);
  });
});

describe('wordAt(code, cursor)', () => {
  it('a plain word, a dotted path, and a word the cursor is inside', () => {
    expect(wordAt('const y = kern', 14)).toEqual({ path: [], name: 'kern', start: 10, end: 14 });
    expect(wordAt('engine.async.co', 15)).toEqual({ path: ['engine', 'async'], name: 'co', start: 13, end: 15 });
    expect(wordAt('engine. async .', 15)).toEqual({ path: ['engine', 'async'], name: '', start: 15, end: 15 });
    expect(wordAt('kernelSize + 1', 3, true)).toEqual({ path: [], name: 'kernelSize', start: 0, end: 10 });
  });

  it('nothing to complete after a number or a member of a call', () => {
    expect(wordAt('x = 12', 6)).toBeNull();
    expect(wordAt('f().le', 6)).toBeNull();
    expect(wordAt('a[0].le', 7)).toBeNull();
  });

  it('code points and UTF-16 offsets convert both ways around astral characters', () => {
    const code = '𝒳é + y';
    expect(toUtf16(code, 2)).toBe(3);
    expect(toCodePoints(code, 3)).toBe(2);
    expect(toCodePoints(code, toUtf16(code, 6))).toBe(6);
  });
});

describe('errorContent(error, source, label)', () => {
  it('names the error and shows the failing line between its neighbours', () => {
    const content = errorContent({ message: 'TypeError: x is not a function', line: 3 }, 'a\nb\nc()\nd\ne\nf', 'In [7]');
    expect(content.ename).toBe('TypeError');
    expect(content.evalue).toBe('x is not a function');
    expect(content.traceback.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual([
      'TypeError: x is not a function', 'In [7], line 3:', '      1 a', '      2 b', '----> 3 c()', '      4 d', '      5 e',
    ]);
  });

  it('a message without a name is an Error; the runtime\'s "is not defined" is a ReferenceError; an interrupt is Interrupted', () => {
    expect(splitName('something broke')).toEqual({ ename: 'Error', evalue: 'something broke' });
    expect(splitName('kernelSize is not defined')).toEqual({ ename: 'ReferenceError', evalue: 'kernelSize is not defined' });
    expect(splitName('interrupted')).toEqual({ ename: 'Interrupted', evalue: 'the execution was interrupted' });
  });
});

describe('IOPub', () => {
  const recorder = () => {
    const sent: string[] = [];
    const iopub = new IOPub((type, content) => sent.push(type === 'stream' ? `${content.name}:${content.text}` : type));
    return { iopub, sent };
  };

  it('gathers a burst of stream text into one message per stream, in order', () => {
    const { iopub, sent } = recorder();
    iopub.stream('stdout', 'a');
    iopub.stream('stdout', 'b');
    iopub.stream('stderr', 'c');
    iopub.stream('stdout', 'd');
    iopub.flush();
    expect(sent).toEqual(['stdout:ab', 'stderr:c', 'stdout:d']);
  });

  it('a hold keeps later stream text back until the display it stands for is published', () => {
    const { iopub, sent } = recorder();
    iopub.stream('stdout', 'before');
    iopub.hold();
    iopub.stream('stdout', 'after');
    iopub.flush();
    expect(sent).toEqual(['stdout:before']);
    iopub.publish('display_data', {}, null, true);
    iopub.flush();
    expect(sent).toEqual(['stdout:before', 'display_data', 'stdout:after']);
  });

  it('releaseAll lets go of holds whose display never came', () => {
    const { iopub, sent } = recorder();
    iopub.hold();
    iopub.stream('stderr', 'late');
    iopub.releaseAll();
    expect(sent).toEqual(['stderr:late']);
  });
});

describe('droppedValueHint(source)', () => {
  it('a cell of several statements ending in a bare value gets a hint naming it', () => {
    expect(droppedValueHint('const y = engine.tensor([1], [1]);\ny')).toBe('the value of the last line (y) is not shown: a cell of several statements shows what it display()s; write display(y), or give the value a cell of its own');
    expect(droppedValueHint('const a = 1;\na + 1;')).toMatch(/\(a \+ 1\)/);
  });

  it('no hint for an effect on the last line, a single statement, or code that does not parse', () => {
    expect(droppedValueHint('const a = 1;\nconsole.log(a);')).toBeNull();
    expect(droppedValueHint('let a = 1;\na++;')).toBeNull();
    expect(droppedValueHint('const a = 1;\ndisplay(a)')).toBeNull();
    expect(droppedValueHint('const a = 1;')).toBeNull();
    expect(droppedValueHint('const a: number = 1;\na')).toBeNull();
  });
});

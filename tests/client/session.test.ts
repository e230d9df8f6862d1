import { describe, expect, it, vi } from 'vitest';
import { colourFor, loadIdentity, PRESENCE_COLOURS, saveName } from '../../client/src/identity.ts';
import { detectFormat, errorKey } from '../../client/src/io/formats.ts';
import { en } from '../../client/src/i18n/en.ts';
import { parseRoute } from '../../client/src/route.ts';
import { readPeer, readPeers, throttle } from '../../client/src/sync/presence.ts';
import { parseJson, parseMarkdown, parseMermaid } from '@causeway/shared';
import type { FormatErrorCode } from '@causeway/shared';

describe('C1: the board route', () => {
  it('C1: /w/<workshop>/g/<group>#t=<token> opens a board with the token from the fragment', () => {
    expect(parseRoute('/w/ws_1/g/grp-2', '#t=secret-token')).toEqual({ kind: 'board', workshopId: 'ws_1', groupId: 'grp-2', token: 'secret-token' });
    expect(parseRoute('/w/ws_1/g/grp-2/', '')).toEqual({ kind: 'board', workshopId: 'ws_1', groupId: 'grp-2', token: null });
  });

  it('C1: ids outside [A-Za-z0-9_-]{1,64} and other paths are not boards', () => {
    expect(parseRoute('/w/bad%20id/g/x', '#t=a').kind).toBe('notFound');
    expect(parseRoute(`/w/${'a'.repeat(65)}/g/x`, '#t=a').kind).toBe('notFound');
    expect(parseRoute('/w/a/g/%E0%A4%A', '#t=a').kind).toBe('notFound');
    expect(parseRoute('/w/a/x', '').kind).toBe('notFound');
    expect(parseRoute('/', '').kind).toBe('home');
  });
});

class MemoryStore {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

describe('C2: who I am', () => {
  it('C2: no name until one is given; the name and a colour are remembered on this device', () => {
    const store = new MemoryStore();
    expect(loadIdentity(store, 3)).toBeNull();
    expect(saveName(store, '   ', 1)).toBeNull();
    const me = saveName(store, '  Ágnes   Kovács ', 3)!;
    expect(me).toEqual({ name: 'Ágnes Kovács', colour: colourFor(3) });
    expect(loadIdentity(store, 99)).toEqual(me);
    expect(PRESENCE_COLOURS).toContain(me.colour);
  });

  it('C2: a newcomer gets a colour nobody on the board wears yet (while any is free)', () => {
    const taken = PRESENCE_COLOURS.slice(0, 9);
    expect(colourFor(0, taken)).toBe(PRESENCE_COLOURS[9]);
    expect(colourFor(4, [PRESENCE_COLOURS[4]!])).toBe(PRESENCE_COLOURS[5]);
    expect(colourFor(2, PRESENCE_COLOURS)).toBe(PRESENCE_COLOURS[2]);
    const store = new MemoryStore();
    expect(saveName(store, 'Ivan', 4, [PRESENCE_COLOURS[4]!])!.colour).toBe(PRESENCE_COLOURS[5]);
  });
});

describe('C11: presence through awareness', () => {
  it('C11: a remote state is validated before it is drawn', () => {
    expect(readPeer(1, null)).toBeNull();
    expect(readPeer(1, { user: { name: '  ' } })).toBeNull();
    expect(readPeer(2, { user: { name: 'Иван', colour: 'red;' }, cursor: { x: 1, y: Infinity }, selection: 42, editing: 'x'.repeat(65) })).toEqual({
      clientId: 2,
      user: { name: 'Иван', colour: '#888888' },
      cursor: null,
      selection: null,
      editing: null,
      dragging: null,
    });
    expect(readPeer(3, { user: { name: 'Anna', colour: '#00798c' }, cursor: { x: 10, y: -5 }, selection: 'abc', editing: null, dragging: 'abc' })).toMatchObject({ cursor: { x: 10, y: -5 }, selection: 'abc', dragging: 'abc' });
  });

  it('C11: my own state is not a peer; peers come in client-id order', () => {
    const states = new Map<number, unknown>([
      [5, { user: { name: 'Me' } }],
      [9, { user: { name: 'B' } }],
      [2, { user: { name: 'A' } }],
      [4, {}],
    ]);
    expect(readPeers(states, 5).map((p) => p.user.name)).toEqual(['A', 'B']);
  });

  it('C11: cursor updates are throttled: the first goes at once, then at most one per interval with the latest value', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const sent: number[] = [];
      const t = throttle((v: number) => sent.push(v), 50, () => now);
      t.push(1);
      t.push(2);
      t.push(3);
      expect(sent).toEqual([1]);
      now = 50;
      vi.advanceTimersByTime(50);
      expect(sent).toEqual([1, 3]);
      now = 200;
      t.push(4);
      expect(sent).toEqual([1, 3, 4]);
      t.push(5);
      t.cancel();
      vi.advanceTimersByTime(100);
      expect(sent).toEqual([1, 3, 4]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('C15: import from the board', () => {
  it('C15: the format is detected from the file name or the content', () => {
    expect(detectFormat('{"format":"causeway"}')).toBe('json');
    expect(detectFormat('\uFEFF  {"x":1}')).toBe('json');
    expect(detectFormat('ishikawa-beta\n  Problem')).toBe('mermaid');
    expect(detectFormat('%% comment\nishikawa\n  P')).toBe('mermaid');
    expect(detectFormat('# Problem\n- People')).toBe('markdown');
    expect(detectFormat('{', 'diagram.md')).toBe('markdown');
  });

  it('C15: every validator error code has a translated message', () => {
    const codes: FormatErrorCode[] = [];
    for (const result of [parseJson('{'), parseJson('[]'), parseJson('{"format":"x"}'), parseMarkdown('- no heading'), parseMermaid('flowchart')]) {
      if (!result.ok) codes.push(...result.errors.map((e) => e.code));
    }
    expect(codes.length).toBeGreaterThan(3);
    const errors = en.errors as Record<string, string>;
    for (const code of codes) expect(errors[errorKey(code).slice('errors.'.length)], code).toBeTruthy();
  });
});

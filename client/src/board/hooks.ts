import { useEffect, useState, useSyncExternalStore } from 'react';
import { clearLabelMeasures, clearWrapCache, followTree } from '@causeway/shared';
import type { DiagramTree, MeasureText, TextStyle, TreeFollower } from '@causeway/shared';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { readPeers } from '../sync/presence.ts';
import type { Peer } from '../sync/presence.ts';

import { fontsLoaded, loadFonts } from './fonts.ts';

export { FONT_FAMILY, loadFonts } from './fonts.ts';

/**
 * One follower per document, noting every transaction from the moment a view first asks for the
 * tree: so the tree read for the first render is still the current one when the effect subscribes
 * (no second full read and re-render on mount), and views of the same document share the work.
 */
const followers = new WeakMap<Y.Doc, TreeFollower>();

function followerOf(doc: Y.Doc): TreeFollower {
  let follower = followers.get(doc);
  if (!follower) {
    const created = followTree(doc);
    doc.on('afterTransaction', (transaction: Y.Transaction) => created.note(transaction));
    followers.set(doc, created);
    follower = created;
  }
  return follower;
}

/**
 * The diagram tree after each document change, at most once per frame so a burst of remote updates
 * costs one layout. Typing into labels (local or remote) copies only the path to each changed label
 * (followTree), so unchanged subtrees keep their identity; anything else reads the whole tree.
 */
export function useDiagramTree(doc: Y.Doc): DiagramTree {
  const [tree, setTree] = useState<DiagramTree>(() => followerOf(doc).read());
  useEffect(() => {
    const follower = followerOf(doc);
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setTree(follower.read());
      });
    };
    // A change made here (typing) is applied without waiting for a frame, so the textarea and
    // the canvas never disagree for a frame. The follower noted the transaction already (its
    // listener was added first); reading returns the same tree when nothing in it changed.
    let empty = isEmpty(follower.read());
    const onTransaction = (transaction: Y.Transaction) => {
      if (transaction.changed.size === 0) return;
      const origin: unknown = transaction.origin;
      // The first content (this device's copy or the server's, on opening) is shown without waiting
      // for a frame either: the first drawn frame waits for it.
      const first = empty;
      empty = false;
      if (first || (origin !== null && typeof origin === 'object' && (origin as { kind?: string }).kind === 'local')) {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        setTree(follower.read());
      } else schedule();
    };
    doc.on('afterTransaction', onTransaction);
    // Anything that happened between the first render and now.
    setTree(follower.read());
    return () => {
      doc.off('afterTransaction', onTransaction);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [doc]);
  return tree;
}

/** The document's tree as the board has it: read once per change, shared with useDiagramTree. */
export function currentTree(doc: Y.Doc): DiagramTree {
  return followerOf(doc).read();
}

/** A diagram with no problem text and no category yet (nothing loaded, or a blank board). */
export function isEmpty(tree: Pick<DiagramTree, 'problem' | 'categories'>): boolean {
  return tree.problem === '' && tree.categories.length === 0;
}

/** Who an awareness 'change' is about. */
interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * Other people on this board, from awareness. A change of this device's own state (its cursor,
 * sent many times a second while the pointer moves) is not a change of the others: it re-renders
 * nothing.
 */
export function usePeers(awareness: Awareness): Peer[] {
  const [peers, setPeers] = useState<Peer[]>(() => readPeers(awareness.getStates(), awareness.clientID));
  useEffect(() => {
    const update = (change?: AwarenessChange) => {
      const self = awareness.clientID;
      if (change && [...change.added, ...change.updated, ...change.removed].every((id) => id === self)) return;
      setPeers(readPeers(awareness.getStates(), self));
    };
    awareness.on('change', update);
    update();
    return () => awareness.off('change', update);
  }, [awareness]);
  return peers;
}

/** True once the bundled font is loaded in every weight the canvas draws; text is measured only then. */
export function useFontReady(): boolean {
  const [ready, setReady] = useState(fontsLoaded);
  useEffect(() => {
    if (ready) return;
    let live = true;
    void loadFonts().then(() => {
      if (live) setReady(true);
    });
    return () => {
      live = false;
    };
  }, [ready]);
  return ready;
}

let measureContext: CanvasRenderingContext2D | null = null;
let contextFont = '';
/** Font string -> text -> width; two levels so a lookup builds no key string. */
const measureCache = new Map<string, Map<string, number>>();
let cachedEntries = 0;

function fontOf(style: TextStyle): string {
  return `${style.fontWeight === 'bold' ? 700 : 400} ${style.fontSize}px "${style.fontFamily}"`;
}

/** Canvas text measurement for the layout; cached because layout asks for the same words often. */
export const measureText: MeasureText = (text: string, style: TextStyle): number => {
  const font = fontOf(style);
  let widths = measureCache.get(font);
  if (!widths) {
    widths = new Map();
    measureCache.set(font, widths);
  }
  const cached = widths.get(text);
  if (cached !== undefined) return cached;
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * style.fontSize * 0.55;
  // The context normalises the font string, so remember what was set rather than read it back.
  if (contextFont !== font) {
    measureContext.font = font;
    contextFont = font;
  }
  const width = measureContext.measureText(text).width;
  if (++cachedEntries > 200_000) {
    measureCache.clear();
    cachedEntries = 0;
  }
  widths.set(text, width);
  return width;
};

/** Clears measurements taken before the font loaded, and the layout's wraps made with them. */
export function resetMeasureCache(): void {
  measureCache.clear();
  cachedEntries = 0;
  clearWrapCache(measureText);
  clearLabelMeasures();
}

export function useExternal<T>(subscribe: (cb: () => void) => () => void, get: () => T): T {
  return useSyncExternalStore(subscribe, get, get);
}

export function useElementSize(element: HTMLElement | null): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    setSize({ width: element.clientWidth, height: element.clientHeight });
    return () => observer.disconnect();
  }, [element]);
  return size;
}

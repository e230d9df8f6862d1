/**
 * The convergence scenario runner (M20), shared by the property test and the pinned seeds.
 * Replicas are plain Y.Docs joined by an in-memory network that delays, reorders and duplicates
 * updates; randomness inside the model (ids, order-key jitter) comes from a seeded generator so a
 * scenario replays exactly.
 */
import * as Y from 'yjs';
import { vi } from 'vitest';
import {
  REMOTE_ORIGIN,
  addCategory,
  addCause,
  checkDocument,
  createDiagram,
  createLocalOrigin,
  createLocalUndoManager,
  deleteNode,
  editText,
  moveNode,
  readTree,
  reorderNode,
  replaceDiagram,
  setProblem,
  walkTree,
} from '../../shared/src/model/index.ts';
import type { Origin } from '../../shared/src/model/index.ts';
import type { TemplateId } from '../../shared/src/templates.ts';
import type { DiagramTree, NodeId, TreeNode } from '../../shared/src/tree.ts';
import { syncAll } from './helpers.ts';

export const OP_KINDS = [
  'addCategory',
  'addCause',
  'editText',
  'editProblem',
  'setProblem',
  'moveNode',
  'reorderNode',
  'deleteNode',
  'replaceDiagram',
  'undo',
  'redo',
] as const;
export type OpKind = (typeof OP_KINDS)[number];

export type Step =
  | { t: 'op'; replica: number; kind: OpKind; a: number; b: number; c: number; text: string }
  /** Deliver one queued update; `keep` leaves it queued, so it arrives again later (a duplicate). */
  | { t: 'deliver'; pick: number; keep: boolean }
  /** Two replicas reconnect and exchange their full difference (state-vector sync). */
  | { t: 'sync'; a: number; b: number }
  /** Replica r1 moves X under Y while replica r2 moves Y under X: the classic concurrent cycle. */
  | { t: 'crossMove'; r1: number; r2: number; x: number; y: number; index: number }
  /** Replica r1 deletes X while replica r2 edits X and adds a cause under it. */
  | { t: 'deleteVsAdd'; r1: number; r2: number; x: number; text: string };

export interface Scenario {
  replicas: number;
  template: TemplateId;
  rngSeed: number;
  steps: Step[];
  flushSeed: number;
}

interface Replica {
  doc: Y.Doc;
  origin: Origin;
  undo: Y.UndoManager;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ids(tree: DiagramTree): NodeId[] {
  return walkTree(tree).map((entry) => entry.node.id!);
}

/** M10 for one replica: every stored node appears exactly once, so there is no cycle and no loss. */
export function reachableExactlyOnce(doc: Y.Doc): string | null {
  const seen = ids(readTree(doc));
  const unique = new Set(seen);
  if (unique.size !== seen.length) return `a node is drawn twice: ${seen.join(',')}`;
  const stored = Array.from(doc.getMap('nodes').keys());
  if (stored.length !== unique.size || !stored.every((id) => unique.has(id as NodeId))) {
    return `stored ${stored.length} nodes but drew ${unique.size}`;
  }
  return null;
}

function mutateText(current: string, step: { a: number; b: number; c: number; text: string }): string {
  const chars = Array.from(current);
  const at = step.a % (chars.length + 1);
  switch (step.c % 3) {
    case 0:
      chars.splice(at, 0, ...Array.from(step.text));
      break;
    case 1:
      chars.splice(at, 1 + (step.b % 3));
      break;
    default:
      chars.splice(at, step.b % 2, ...Array.from(step.text));
  }
  return chars.join('');
}

/** A variant of the tree: one node renamed, one removed, one added without an id. */
function variantOf(tree: DiagramTree, step: { a: number; b: number; c: number; text: string }): DiagramTree {
  const copy: DiagramTree = structuredClone(tree);
  const flat = walkTree(copy);
  if (flat.length > 0) flat[step.a % flat.length]!.node.text += step.text;
  if (flat.length > 1 && step.c % 2 === 0) {
    const victim = flat[step.b % flat.length]!;
    const list = victim.parent ? victim.parent.children : copy.categories;
    list.splice(list.indexOf(victim.node), 1);
  }
  const fresh: TreeNode = { text: `new ${step.text}`, children: [] };
  const host = walkTree(copy)[step.c % Math.max(1, flat.length)];
  (host ? host.node.children : copy.categories).push(fresh);
  return copy;
}

function applyOp(replica: Replica, step: Extract<Step, { t: 'op' }>, known: NodeId[]): void {
  const { doc, origin } = replica;
  const tree = readTree(doc);
  const local = ids(tree);
  // Mostly nodes this replica can see; sometimes any id ever made (maybe deleted, maybe not yet here).
  const pickNode = (n: number): NodeId | null => {
    const pool = n % 5 === 4 ? known : local;
    return pool.length === 0 ? null : pool[Math.floor(n / 5) % pool.length]!;
  };
  const node = pickNode(step.a);
  switch (step.kind) {
    case 'addCategory':
      known.push(addCategory(doc, step.text, step.b % 6, origin));
      return;
    case 'addCause':
      if (node) known.push(addCause(doc, node, step.text, step.b % 4, origin));
      return;
    case 'editText':
      if (node) editText(doc, node, mutateText(textOf(tree, node), step), origin);
      return;
    case 'editProblem':
      editText(doc, 'problem', mutateText(tree.problem, step), origin);
      return;
    case 'setProblem':
      setProblem(doc, step.text, origin);
      return;
    case 'moveNode': {
      if (!node) return;
      const target = step.c % 3 === 0 ? 'root' : pickNode(step.b);
      if (target) moveNode(doc, node, target, step.c % 5, origin);
      return;
    }
    case 'reorderNode':
      if (node) reorderNode(doc, node, step.b % 5, origin);
      return;
    case 'deleteNode':
      if (node) deleteNode(doc, node, origin);
      return;
    case 'replaceDiagram': {
      const before = new Set(ids(tree));
      replaceDiagram(doc, variantOf(tree, step), origin);
      for (const id of ids(readTree(doc))) if (!before.has(id)) known.push(id);
      return;
    }
    case 'undo':
      replica.undo.undo();
      return;
    case 'redo':
      replica.undo.redo();
      return;
  }
}

function textOf(tree: DiagramTree, id: NodeId): string {
  return walkTree(tree).find((entry) => entry.node.id === id)?.node.text ?? '';
}

export interface Outcome {
  trees: DiagramTree[];
  problems: string[];
  /** Stored parent cycles and orphans in the final state, to prove the generator reaches M11/M12. */
  cycles: number;
  orphans: number;
}

/** Counts cycles and orphans among the stored parent fields (before readTree resolves them). */
export function storedShape(doc: Y.Doc): { cycles: number; orphans: number } {
  const parent = new Map<string, string>();
  doc.getMap('nodes').forEach((value, id) => parent.set(id, (value as Y.Map<unknown>).get('parent') as string));
  let orphans = 0;
  for (const p of parent.values()) if (p !== 'root' && !parent.has(p)) orphans++;
  const cycleMembers = new Set<string>();
  let cycles = 0;
  for (const start of parent.keys()) {
    const path: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && parent.has(current) && !path.includes(current) && !cycleMembers.has(current)) {
      path.push(current);
      current = parent.get(current);
    }
    if (current !== undefined && path.includes(current)) {
      cycles++;
      for (const id of path.slice(path.indexOf(current))) cycleMembers.add(id);
    }
  }
  return { cycles, orphans };
}

export function runScenario(scenario: Scenario): Outcome {
  const random = mulberry32(scenario.rngSeed);
  const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    if (array instanceof Uint8Array) for (let i = 0; i < array.length; i++) array[i] = Math.floor(random() * 256);
    return array;
  });
  try {
    const problems: string[] = [];
    const base = new Y.Doc();
    base.clientID = 1000;
    createDiagram(base, { template: scenario.template, locale: 'en', problem: 'Problem', createdAt: 0 });
    const initial = Y.encodeStateAsUpdate(base);
    const queue: Array<{ to: number; update: Uint8Array }> = [];
    const replicas: Replica[] = [];
    for (let r = 0; r < scenario.replicas; r++) {
      const doc = new Y.Doc();
      doc.clientID = r + 1;
      Y.applyUpdate(doc, initial, REMOTE_ORIGIN);
      const origin = createLocalOrigin(`user${r}`);
      const undo = createLocalUndoManager(doc, origin, { captureTimeout: 0 });
      doc.on('update', (update: Uint8Array, from: unknown) => {
        if (from === REMOTE_ORIGIN) return;
        for (let to = 0; to < scenario.replicas; to++) if (to !== r) queue.push({ to, update });
      });
      replicas.push({ doc, origin, undo });
    }
    const known: NodeId[] = ids(readTree(base));

    for (const step of scenario.steps) {
      if (step.t === 'op') {
        const replica = replicas[step.replica % replicas.length]!;
        applyOp(replica, step, known);
        const problem = reachableExactlyOnce(replica.doc);
        if (problem) problems.push(`after ${step.kind} on replica ${step.replica % replicas.length}: ${problem}`);
      } else if (step.t === 'deliver') {
        if (queue.length === 0) continue;
        const index = step.pick % queue.length;
        const message = queue[index]!;
        if (!step.keep) queue.splice(index, 1);
        Y.applyUpdate(replicas[message.to]!.doc, message.update, REMOTE_ORIGIN);
      } else if (step.t === 'crossMove') {
        const first = replicas[step.r1 % replicas.length]!;
        const second = replicas[step.r2 % replicas.length]!;
        const visible = ids(readTree(first.doc));
        if (first === second || visible.length < 2) continue;
        const x = visible[step.x % visible.length]!;
        const y = visible[step.y % visible.length]!;
        moveNode(first.doc, x, y, step.index, first.origin);
        moveNode(second.doc, y, x, step.index, second.origin);
        for (const replica of [first, second]) {
          const problem = reachableExactlyOnce(replica.doc);
          if (problem) problems.push(`after crossMove: ${problem}`);
        }
      } else if (step.t === 'deleteVsAdd') {
        const first = replicas[step.r1 % replicas.length]!;
        const second = replicas[step.r2 % replicas.length]!;
        const visible = ids(readTree(second.doc));
        if (first === second || visible.length === 0) continue;
        const x = visible[step.x % visible.length]!;
        deleteNode(first.doc, x, first.origin);
        editText(second.doc, x, step.text, second.origin);
        known.push(addCause(second.doc, x, step.text, 0, second.origin));
      } else {
        const a = replicas[step.a % replicas.length]!.doc;
        const b = replicas[step.b % replicas.length]!.doc;
        if (a !== b) syncAll(a, b);
      }
    }

    // Everything still in flight arrives, in a seeded random order.
    const flush = mulberry32(scenario.flushSeed);
    while (queue.length > 0) {
      const [message] = queue.splice(Math.floor(flush() * queue.length), 1);
      Y.applyUpdate(replicas[message!.to]!.doc, message!.update, REMOTE_ORIGIN);
    }

    const trees = replicas.map((r) => readTree(r.doc));
    for (const [i, replica] of replicas.entries()) {
      const problem = reachableExactlyOnce(replica.doc);
      if (problem) problems.push(`replica ${i} at the end: ${problem}`);
      const check = checkDocument(replica.doc);
      if (!check.ok) {
        const detail = check.errors.map((e) => {
          const [, id, field] = e.path.split('.');
          const map = id ? replica.doc.getMap('nodes').get(id) : undefined;
          const value = map instanceof Y.Map && field ? map.get(field) : undefined;
          return `${e.path}: ${e.message} (found ${JSON.stringify(value)})`;
        });
        problems.push(`replica ${i} invalid: ${detail.join('; ')}`);
      }
    }
    const shape = storedShape(replicas[0]!.doc);
    return { trees, problems, ...shape };
  } finally {
    spy.mockRestore();
  }
}

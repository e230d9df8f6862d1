import * as Y from 'yjs';
import { REMOTE_ORIGIN } from '../../shared/src/model/origin.ts';
import type { DiagramTree, TreeNode } from '../../shared/src/tree.ts';

/** Two-way sync of full state, as a reconnect would do. */
export function syncAll(...docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE_ORIGIN);
    }
  }
}

/** The tree without ids: what a person sees. */
export function labels(tree: DiagramTree): { problem: string; categories: unknown[] } {
  const strip = (node: TreeNode): unknown => (node.children.length ? [node.text, node.children.map(strip)] : node.text);
  return { problem: tree.problem, categories: tree.categories.map(strip) };
}

export function allIds(tree: DiagramTree): string[] {
  const out: string[] = [];
  const visit = (node: TreeNode) => {
    out.push(node.id!);
    node.children.forEach(visit);
  };
  tree.categories.forEach(visit);
  return out;
}

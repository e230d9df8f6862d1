/**
 * User intents turned into shared operations (STYLE.md 4): components call these, never a Y.Map.
 * Each returns where the selection should go next. Pure apart from the document they change, so
 * they are tested in Node against a real Y.Doc.
 */
import { addCategory, addCause, deleteNode, moveNode, reorderNode } from '@causeway/shared';
import type { DiagramTree, NodeId, Origin } from '@causeway/shared';
import type * as Y from 'yjs';
import type { DropTarget, LabelKey } from '@causeway/shared';
import { indexTree, isWithin, selectionAfterDelete } from './tree-nav.ts';

const ROOT = 'root';

export interface ActionResult {
  selection: LabelKey;
  /** Start editing the new selection (a freshly added node). */
  edit: boolean;
}

export interface Actions {
  addSibling(sel: LabelKey): ActionResult | null;
  addChild(sel: LabelKey): ActionResult | null;
  addCategory(): ActionResult;
  remove(sel: LabelKey): ActionResult | null;
  outdent(sel: LabelKey): ActionResult | null;
  moveBy(sel: LabelKey, delta: -1 | 1): ActionResult | null;
  drop(dragged: LabelKey, target: DropTarget): ActionResult | null;
}

export function createActions(doc: Y.Doc, origin: Origin, getTree: () => DiagramTree): Actions {
  const index = () => indexTree(getTree());
  return {
    addSibling(sel) {
      if (sel === 'problem') return { selection: 'problem', edit: true };
      const info = index().get(sel);
      if (!info) return null;
      const id = info.parent === 'problem' ? addCategory(doc, '', info.index + 1, origin) : addCause(doc, info.parent as NodeId, '', info.index + 1, origin);
      return { selection: id, edit: true };
    },
    addChild(sel) {
      if (sel === 'problem') return { selection: addCategory(doc, '', undefined, origin), edit: true };
      const info = index().get(sel);
      if (!info) return null;
      return { selection: addCause(doc, info.id, '', undefined, origin), edit: true };
    },
    addCategory() {
      return { selection: addCategory(doc, '', undefined, origin), edit: true };
    },
    remove(sel) {
      if (sel === 'problem') return null;
      const map = index();
      if (!map.has(sel)) return null;
      const next = selectionAfterDelete(map, sel);
      deleteNode(doc, sel as NodeId, origin);
      return { selection: next, edit: false };
    },
    outdent(sel) {
      if (sel === 'problem') return null;
      const map = index();
      const info = map.get(sel);
      if (!info || info.parent === 'problem') return null;
      const parent = map.get(info.parent);
      if (!parent) return null;
      const newParent = parent.parent === 'problem' ? ROOT : parent.parent;
      moveNode(doc, info.id, newParent as NodeId, parent.index + 1, origin);
      return { selection: info.id, edit: false };
    },
    moveBy(sel, delta) {
      if (sel === 'problem') return null;
      const info = index().get(sel);
      if (!info) return null;
      const to = info.index + delta;
      if (to < 0 || to >= info.siblings.length) return null;
      reorderNode(doc, info.id, to, origin);
      return { selection: info.id, edit: false };
    },
    drop(dragged, target) {
      if (dragged === 'problem') return null;
      const tree = getTree();
      const map = indexTree(tree);
      const info = map.get(dragged);
      if (!info || isWithin(map, target.id, dragged)) return null;
      if (target.kind === 'inside') {
        const children = target.id === 'problem' ? tree.categories : (map.get(target.id)?.node.children ?? []);
        const count = children.filter((c) => c.id !== dragged).length;
        moveNode(doc, info.id, (target.id === 'problem' ? ROOT : target.id) as NodeId, count, origin);
        return { selection: info.id, edit: false };
      }
      if (target.id === 'problem') return null;
      const anchor = map.get(target.id);
      if (!anchor) return null;
      const siblings = anchor.siblings.filter((s) => s.id !== dragged);
      const at = siblings.findIndex((s) => s.id === target.id);
      const newParent = anchor.parent === 'problem' ? ROOT : anchor.parent;
      moveNode(doc, info.id, newParent as NodeId, target.kind === 'before' ? at : at + 1, origin);
      return { selection: info.id, edit: false };
    },
  };
}

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagramTree, TreeNode } from '@causeway/shared';
import type { LabelKey } from '@causeway/shared';
import type { Peer } from '../sync/presence.ts';
import type { EditorExit } from '../board/LabelEditor.tsx';
import type { NodeCommand } from '../board/Toolbar.tsx';

interface Row {
  id: LabelKey;
  text: string;
  level: number;
  setSize: number;
  posInSet: number;
  hasChildren: boolean;
  parent: LabelKey | null;
}

interface Props {
  tree: DiagramTree;
  selection: LabelKey | null;
  canEdit: boolean;
  peers: readonly Peer[];
  editing: { id: LabelKey; initial: string } | null;
  placeholder: { problem: string; label: string };
  onSelect: (id: LabelKey) => void;
  onCommand: (name: NodeCommand, id: LabelKey) => void;
  onEditStart: (id: LabelKey) => void;
  onEditChange: (id: LabelKey, text: string) => void;
  onEditExit: (how: EditorExit) => void;
  onUndo: (redo: boolean) => void;
}

/** Visible rows in outline order; children of collapsed items are left out. */
function rowsOf(tree: DiagramTree, collapsed: ReadonlySet<LabelKey>): Row[] {
  const rows: Row[] = [{ id: 'problem', text: tree.problem, level: 1, setSize: 1, posInSet: 1, hasChildren: tree.categories.length > 0, parent: null }];
  const visit = (nodes: readonly TreeNode[], level: number, parent: LabelKey) => {
    nodes.forEach((node, i) => {
      if (!node.id) return;
      rows.push({ id: node.id, text: node.text, level, setSize: nodes.length, posInSet: i + 1, hasChildren: node.children.length > 0, parent });
      if (!collapsed.has(node.id)) visit(node.children, level + 1, node.id);
    });
  };
  if (!collapsed.has('problem')) visit(tree.categories, 2, 'problem');
  return rows;
}

/**
 * The same diagram as an ARIA tree (WAI-ARIA tree view pattern): one tab stop, arrow keys move,
 * Right/Left expand, collapse or go to the parent; the editing keys are the canvas's.
 */
export function OutlinePanel(p: Props) {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState<Set<LabelKey>>(new Set());
  const rows = useMemo(() => rowsOf(p.tree, collapsed), [p.tree, collapsed]);
  const listRef = useRef<HTMLUListElement>(null);
  const focusedId = p.selection !== null && rows.some((r) => r.id === p.selection) ? p.selection : 'problem';
  const hadFocus = useRef(false);

  // Keep DOM focus on the selected row while the tree has focus (roving tabindex).
  useEffect(() => {
    if (!hadFocus.current || p.editing) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(focusedId)}"]`);
    if (el && document.activeElement !== el && listRef.current?.contains(document.activeElement)) el.focus();
  }, [focusedId, p.editing, rows]);

  const editorsOf = (id: LabelKey) => p.peers.filter((peer) => peer.editing === id || peer.selection === id);

  const onKeyDown = (e: React.KeyboardEvent, row: Row) => {
    if (p.editing) return;
    const at = rows.findIndex((r) => r.id === row.id);
    const mod = e.ctrlKey || e.metaKey;
    let handled = true;
    if (mod && (e.key === 'z' || e.key === 'Z')) p.onUndo(e.shiftKey);
    else if (mod && (e.key === 'y' || e.key === 'Y')) p.onUndo(true);
    else if (e.altKey && e.key === 'ArrowUp') p.onCommand('moveUp', row.id);
    else if (e.altKey && e.key === 'ArrowDown') p.onCommand('moveDown', row.id);
    else if (e.key === 'ArrowDown') p.onSelect(rows[at + 1]?.id ?? row.id);
    else if (e.key === 'ArrowUp') p.onSelect(rows[at - 1]?.id ?? row.id);
    else if (e.key === 'Home') p.onSelect(rows[0]!.id);
    else if (e.key === 'End') p.onSelect(rows[rows.length - 1]!.id);
    else if (e.key === 'ArrowRight') {
      if (row.hasChildren && collapsed.has(row.id)) setCollapsed((c) => new Set([...c].filter((x) => x !== row.id)));
      else if (row.hasChildren) p.onSelect(rows[at + 1]?.id ?? row.id);
    } else if (e.key === 'ArrowLeft') {
      if (row.hasChildren && !collapsed.has(row.id)) setCollapsed((c) => new Set(c).add(row.id));
      else if (row.parent) p.onSelect(row.parent);
    } else if (e.key === 'Enter') p.onCommand(row.id === 'problem' ? 'edit' : 'addSibling', row.id);
    else if (e.key === 'F2') p.onEditStart(row.id);
    else if (e.key === 'Tab' && !e.shiftKey && p.canEdit) p.onCommand('addChild', row.id);
    else if (e.key === 'Tab' && e.shiftKey && p.canEdit && row.id !== 'problem') p.onCommand('outdent', row.id);
    else if (e.key === 'Delete') p.onCommand('delete', row.id);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <aside className="outline" aria-labelledby="outline-title">
      <h2 id="outline-title" className="outline__title">
        {t('outline.title')}
      </h2>
      <p className="outline__hint" id="outline-hint">
        {t('outline.hint')}
      </p>
      <ul
        ref={listRef}
        role="tree"
        aria-label={t('outline.treeLabel')}
        aria-describedby="outline-hint"
        className="outline__tree"
        data-testid="outline"
        onFocus={() => {
          hadFocus.current = true;
        }}
      >
        {rows.map((row) => {
          const selected = row.id === focusedId;
          const others = editorsOf(row.id);
          const shown = row.text.trim() === '' ? (row.id === 'problem' ? p.placeholder.problem : p.placeholder.label) : row.text;
          return (
            <li
              key={row.id}
              role="treeitem"
              data-id={row.id}
              aria-level={row.level}
              aria-setsize={row.setSize}
              aria-posinset={row.posInSet}
              aria-selected={selected}
              aria-expanded={row.hasChildren ? !collapsed.has(row.id) : undefined}
              aria-label={row.id === 'problem' ? t('outline.problem', { text: shown }) : shown}
              tabIndex={selected ? 0 : -1}
              className={`outline__row outline__row--l${Math.min(row.level, 6)} ${selected ? 'is-selected' : ''}`}
              style={{ paddingLeft: 8 + (row.level - 1) * 16 }}
              onKeyDown={(e) => onKeyDown(e, row)}
              onClick={() => p.onSelect(row.id)}
              onDoubleClick={() => p.onEditStart(row.id)}
            >
              <span className="outline__twisty" aria-hidden="true">
                {row.hasChildren ? (collapsed.has(row.id) ? '▸' : '▾') : ''}
              </span>
              {p.editing?.id === row.id ? (
                <OutlineInput initial={p.editing.initial} text={row.text} onChange={(text) => p.onEditChange(row.id, text)} onExit={p.onEditExit} label={shown} />
              ) : (
                <span className={`outline__text ${row.text.trim() === '' ? 'is-placeholder' : ''} ${row.id === 'problem' ? 'is-problem' : ''}`}>{shown}</span>
              )}
              {others.map((peer) => (
                <span key={peer.clientId} className="outline__peer" style={{ background: peer.user.colour }} title={peer.user.name} aria-hidden="true" />
              ))}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}

function OutlineInput({ initial, text, label, onChange, onExit }: { initial: string; text: string; label: string; onChange: (text: string) => void; onExit: (how: EditorExit) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useLayoutEffect(() => {
    const el = ref.current!;
    el.value = initial;
    if (initial !== text) onChange(initial);
    el.focus();
    el.select();
    // Once per editing session: later changes come in through `text`.
  }, []);
  useEffect(() => {
    if (ref.current && ref.current.value !== text && document.activeElement !== ref.current) ref.current.value = text;
  }, [text]);
  const exit = (how: EditorExit) => {
    if (done.current) return;
    done.current = true;
    onExit(how);
  };
  return (
    <input
      ref={ref}
      className="outline__input"
      aria-label={label}
      onChange={(e) => onChange(e.target.value)}
      onBlur={() => exit('blur')}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter') exit('commit');
        else if (e.key === 'Escape') exit('cancel');
        else if (e.key === 'Tab') exit(e.shiftKey ? 'shift-tab' : 'tab');
        else return;
        e.preventDefault();
      }}
    />
  );
}

import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagramTree, NodeId, TreeLink, TreeNode } from '@causeway/shared';
import type { LabelKey, RemoteMark } from '@causeway/shared';
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
  /** Other people's selection and editing (no cursors: the panel does not redraw as they move). */
  peers: readonly RemoteMark[];
  editing: { id: LabelKey; initial: string } | null;
  placeholder: { problem: string; label: string };
  onSelect: (id: LabelKey) => void;
  onCommand: (name: NodeCommand, id: LabelKey) => void;
  onEditStart: (id: LabelKey) => void;
  onEditChange: (id: LabelKey, text: string) => void;
  onEditExit: (how: EditorExit) => void;
  onUndo: (redo: boolean) => void;
  /** Links between causes (tree.links); listed under each cause as "contributes to". */
  links?: readonly TreeLink[];
  /** Removes a link (the board passes removeLink with its origin, so undo works); absent: no remove button. */
  onRemoveLink?: (from: NodeId, to: NodeId) => void;
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

  const editorsOf = (id: LabelKey) =>
    p.peers
      .filter((peer) => peer.editing === id || peer.selection === id)
      .map((peer) => `${peer.colour}|${peer.name}`)
      .join(',');

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

  // A stable handler for the memoised rows that always runs the latest key logic.
  const keyRef = useRef(onKeyDown);
  keyRef.current = onKeyDown;
  const onKeyDownRef = useMemo(() => (e: React.KeyboardEvent, row: Row) => keyRef.current(e, row), []);
  const props = useRef(p);
  props.current = p;
  const handlers = useMemo(
    () => ({
      onSelect: (id: LabelKey) => props.current.onSelect(id),
      onEditStart: (id: LabelKey) => props.current.onEditStart(id),
      onEditChange: (id: LabelKey, text: string) => props.current.onEditChange(id, text),
      onEditExit: (how: EditorExit) => props.current.onEditExit(how),
    }),
    [],
  );

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
        {rows.map((row) => (
          <OutlineRow
            key={row.id}
            row={row}
            selected={row.id === focusedId}
            collapsed={collapsed.has(row.id)}
            others={editorsOf(row.id)}
            editing={p.editing?.id === row.id ? p.editing.initial : null}
            placeholder={row.id === 'problem' ? p.placeholder.problem : p.placeholder.label}
            problemLabel={row.id === 'problem' ? t('outline.problem', { text: row.text.trim() === '' ? p.placeholder.problem : row.text }) : ''}
            onKeyDown={onKeyDownRef}
            onSelect={handlers.onSelect}
            onEditStart={handlers.onEditStart}
            onEditChange={handlers.onEditChange}
            onEditExit={handlers.onEditExit}
          />
        ))}
      </ul>
    </aside>
  );
}

interface RowProps {
  row: Row;
  selected: boolean;
  collapsed: boolean;
  /** `colour|name` of each other person on this row, comma-separated (a string so memo compares cheaply). */
  others: string;
  editing: string | null;
  placeholder: string;
  problemLabel: string;
  onKeyDown: (e: React.KeyboardEvent, row: Row) => void;
  onSelect: (id: LabelKey) => void;
  onEditStart: (id: LabelKey) => void;
  onEditChange: (id: LabelKey, text: string) => void;
  onEditExit: (how: EditorExit) => void;
}

function sameRow(a: RowProps, b: RowProps): boolean {
  const r = a.row;
  const s = b.row;
  return (
    r.id === s.id &&
    r.text === s.text &&
    r.level === s.level &&
    r.setSize === s.setSize &&
    r.posInSet === s.posInSet &&
    r.hasChildren === s.hasChildren &&
    r.parent === s.parent &&
    a.selected === b.selected &&
    a.collapsed === b.collapsed &&
    a.others === b.others &&
    a.editing === b.editing &&
    a.placeholder === b.placeholder &&
    a.problemLabel === b.problemLabel
  );
}

/** One tree item; memoised so typing in one label re-renders one row, not five hundred. */
const OutlineRow = memo(function OutlineRow({ row, selected, collapsed, others, editing, placeholder, problemLabel, onKeyDown, onSelect, onEditStart, onEditChange, onEditExit }: RowProps) {
  const empty = row.text.trim() === '';
  const shown = empty ? placeholder : row.text;
  return (
    <li
      role="treeitem"
      data-id={row.id}
      aria-level={row.level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-selected={selected}
      aria-expanded={row.hasChildren ? !collapsed : undefined}
      aria-label={row.id === 'problem' ? problemLabel : shown}
      tabIndex={selected ? 0 : -1}
      className={`outline__row outline__row--l${Math.min(row.level, 6)} ${selected ? 'is-selected' : ''}`}
      style={{ paddingLeft: 8 + (row.level - 1) * 16 }}
      onKeyDown={(e) => onKeyDown(e, row)}
      onClick={() => onSelect(row.id)}
      onDoubleClick={() => onEditStart(row.id)}
    >
      <span className="outline__twisty" aria-hidden="true">
        {row.hasChildren ? (collapsed ? '▸' : '▾') : ''}
      </span>
      {editing !== null ? (
        <OutlineInput initial={editing} text={row.text} onChange={(text) => onEditChange(row.id, text)} onExit={onEditExit} label={shown} />
      ) : (
        <span className={`outline__text ${empty ? 'is-placeholder' : ''} ${row.id === 'problem' ? 'is-problem' : ''}`}>{shown}</span>
      )}
      {others
        .split(',')
        .filter(Boolean)
        .map((entry, i) => {
          const [colour, name] = entry.split('|');
          return <span key={i} className="outline__peer" style={{ background: colour }} title={name} aria-hidden="true" />;
        })}
    </li>
  );
}, sameRow);

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

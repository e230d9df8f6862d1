import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { PRIORITY_MARKS } from '@causeway/shared';
import type { DiagramTree, NodeId, PriorityMark, TreeLink, TreeNode } from '@causeway/shared';
import type { LabelKey, RemoteMark } from '@causeway/shared';
import type { EditorExit } from '../board/LabelEditor.tsx';
import type { NodeCommand } from '../board/Toolbar.tsx';
import { MarkBadge } from '../plan/MarkBadge.tsx';
import { MARK_LOOK } from '../plan/marks.ts';
import { filterByMark } from './filter.ts';
import type { MarkFilter } from './filter.ts';
import './outline.css';

interface Row {
  id: LabelKey;
  text: string;
  level: number;
  setSize: number;
  posInSet: number;
  hasChildren: boolean;
  parent: LabelKey | null;
  mark: PriorityMark | null;
  /** Shown only as the ancestor of a node that passes the mark filter. */
  context: boolean;
  /** Nodes this one contributes to (links), with their labels. */
  linksTo: readonly LinkEnd[];
  /** Has a link in either direction (Alt+L then reaches the list of its links). */
  linked: boolean;
}

interface LinkEnd {
  id: NodeId;
  text: string;
}

interface Props {
  tree: DiagramTree;
  /** The tree is still being read (on opening): the panel shows its frame without rows. */
  loading?: boolean;
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

const NO_LINKS: readonly LinkEnd[] = [];

/** Label of every node by id (the whole tree, so a link to a filtered-out node still has a name). */
function labelsOf(tree: DiagramTree): Map<NodeId, string> {
  const out = new Map<NodeId, string>();
  const visit = (nodes: readonly TreeNode[]) => {
    for (const node of nodes) {
      if (node.id) out.set(node.id, node.text);
      visit(node.children);
    }
  };
  visit(tree.categories);
  return out;
}

/**
 * Visible rows in outline order; children of collapsed items are left out. `matches` (the mark
 * filter's hits, null without a filter) marks the other rows as context.
 */
function rowsOf(tree: DiagramTree, collapsed: ReadonlySet<LabelKey>, matches: ReadonlySet<NodeId> | null, linksFrom: ReadonlyMap<NodeId, LinkEnd[]>, linked: ReadonlySet<NodeId>): Row[] {
  const rows: Row[] = [
    { id: 'problem', text: tree.problem, level: 1, setSize: 1, posInSet: 1, hasChildren: tree.categories.length > 0, parent: null, mark: null, context: false, linksTo: NO_LINKS, linked: false },
  ];
  const visit = (nodes: readonly TreeNode[], level: number, parent: LabelKey) => {
    nodes.forEach((node, i) => {
      if (!node.id) return;
      rows.push({
        id: node.id,
        text: node.text,
        level,
        setSize: nodes.length,
        posInSet: i + 1,
        hasChildren: node.children.length > 0,
        parent,
        mark: node.priority ?? null,
        context: matches !== null && !matches.has(node.id),
        linksTo: linksFrom.get(node.id) ?? NO_LINKS,
        linked: linked.has(node.id),
      });
      if (!collapsed.has(node.id)) visit(node.children, level + 1, node.id);
    });
  };
  if (!collapsed.has('problem')) visit(tree.categories, 2, 'problem');
  return rows;
}

const FILTER_LABEL: Readonly<Record<MarkFilter, string>> = {
  all: 'outline.filterAll',
  none: 'outline.filterUnmarked',
  ...(Object.fromEntries(PRIORITY_MARKS.map((m) => [m, MARK_LOOK[m].label])) as Record<PriorityMark, string>),
};
const FILTERS: readonly MarkFilter[] = ['all', ...PRIORITY_MARKS, 'none'];

const NO_TREE_LINKS: readonly TreeLink[] = [];

/**
 * The same diagram as an ARIA tree (WAI-ARIA tree view pattern): one tab stop, arrow keys move,
 * Right/Left expand, collapse or go to the parent; the editing keys are the canvas's.
 */
export function OutlinePanel(p: Props) {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState<Set<LabelKey>>(new Set());
  const [filter, setFilter] = useState<MarkFilter>('all');
  const links = p.links ?? p.tree.links ?? NO_TREE_LINKS;
  const labels = useMemo(() => (links.length > 0 ? labelsOf(p.tree) : new Map<NodeId, string>()), [p.tree, links.length > 0]);
  const linksFrom = useMemo(() => {
    const out = new Map<NodeId, LinkEnd[]>();
    for (const link of links) {
      let list = out.get(link.from);
      if (!list) out.set(link.from, (list = []));
      list.push({ id: link.to, text: labels.get(link.to) ?? '' });
    }
    return out;
  }, [links, labels]);
  const editingId = p.editing?.id ?? null;
  const filtered = useMemo(() => {
    const pinned = new Set<NodeId>();
    for (const id of [p.selection, editingId]) if (id !== null && id !== 'problem') pinned.add(id);
    return filterByMark(p.tree, filter, pinned);
  }, [p.tree, filter, p.selection, editingId]);
  const linked = useMemo(() => new Set(links.flatMap((l) => [l.from, l.to])), [links]);
  const rows = useMemo(() => rowsOf(filtered.tree, collapsed, filtered.matches, linksFrom, linked), [filtered, collapsed, linksFrom, linked]);
  const listRef = useRef<HTMLUListElement>(null);
  const linksRef = useRef<HTMLElement>(null);
  /** A link removed from the keyboard: once it is gone, focus goes to the next button or back to the row. */
  const removedLink = useRef<{ from: NodeId; to: NodeId } | null>(null);
  const focusedId = p.selection !== null && rows.some((r) => r.id === p.selection) ? p.selection : 'problem';
  const hadFocus = useRef(false);

  // Keep DOM focus on the selected row while the tree has focus (roving tabindex).
  useEffect(() => {
    if (!hadFocus.current || p.editing) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(focusedId)}"]`);
    if (el && document.activeElement !== el && listRef.current?.contains(document.activeElement)) el.focus();
  }, [focusedId, p.editing, rows]);

  useEffect(() => {
    const removed = removedLink.current;
    if (!removed || links.some((l) => l.from === removed.from && l.to === removed.to)) return;
    removedLink.current = null;
    (linksRef.current?.querySelector<HTMLElement>('button') ?? listRef.current?.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]'))?.focus();
  }, [links]);

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
    else if (e.altKey && e.code === 'KeyL' && linksRef.current) (linksRef.current.querySelector<HTMLElement>('button') ?? linksRef.current.querySelector<HTMLElement>('h3'))?.focus();
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

  const nameOf = (id: NodeId) => {
    const text = labels.get(id) ?? '';
    return text.trim() === '' ? p.placeholder.label : text;
  };
  const canRemoveLink = p.canEdit && p.onRemoveLink !== undefined;
  const focusRow = () => listRef.current?.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus();
  // Stable, like the handlers above, since the memoised rows keep the first one they get.
  const removeLink = useMemo(
    () => (from: NodeId, to: NodeId) => {
      if (linksRef.current?.contains(document.activeElement)) removedLink.current = { from, to };
      props.current.onRemoveLink?.(from, to);
    },
    [],
  );
  // The row's name for screen readers: label, then mark and links (the chips are hidden from them).
  const extraLabelOf = (row: Row) => {
    const parts: string[] = [];
    if (row.mark) parts.push(t(MARK_LOOK[row.mark].label));
    for (const to of row.linksTo) parts.push(t('outline.contributesTo', { target: to.text.trim() === '' ? p.placeholder.label : to.text }));
    return parts.join(', ');
  };
  const selectedId = p.selection !== null && p.selection !== 'problem' ? p.selection : null;
  const selectedLinks =
    selectedId === null
      ? null
      : (() => {
          const to = links.filter((l) => l.from === selectedId).map((l) => l.to);
          const by = links.filter((l) => l.to === selectedId).map((l) => l.from);
          return to.length + by.length > 0 ? { id: selectedId, to, by } : null;
        })();

  return (
    <aside className="outline" aria-labelledby="outline-title">
      <h2 id="outline-title" className="outline__title">
        {t('outline.title')}
      </h2>
      <p className="outline__hint" id="outline-hint">
        {t('outline.hint')}
      </p>
      <label className="outline__filter">
        <span>{t('outline.filterLabel')}</span>
        <select value={filter} onChange={(e) => setFilter(e.target.value as MarkFilter)} data-testid="outline-filter">
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(FILTER_LABEL[f])}
            </option>
          ))}
        </select>
      </label>
      <ul
        ref={listRef}
        role="tree"
        aria-label={t('outline.treeLabel')}
        aria-describedby="outline-hint"
        className="outline__tree"
        data-testid="outline"
        aria-busy={p.loading || undefined}
        onFocus={() => {
          hadFocus.current = true;
        }}
      >
        {!p.loading && rows.map((row) => (
          <OutlineRow
            key={row.id}
            row={row}
            selected={row.id === focusedId}
            collapsed={collapsed.has(row.id)}
            others={editorsOf(row.id)}
            editing={p.editing?.id === row.id ? p.editing.initial : null}
            placeholder={row.id === 'problem' ? p.placeholder.problem : p.placeholder.label}
            problemLabel={row.id === 'problem' ? t('outline.problem', { text: row.text.trim() === '' ? p.placeholder.problem : row.text }) : ''}
            extraLabel={extraLabelOf(row)}
            canRemoveLink={canRemoveLink}
            t={t}
            onRemoveLink={removeLink}
            onKeyDown={onKeyDownRef}
            onSelect={handlers.onSelect}
            onEditStart={handlers.onEditStart}
            onEditChange={handlers.onEditChange}
            onEditExit={handlers.onEditExit}
          />
        ))}
      </ul>
      {filtered.matches !== null && filtered.matches.size === 0 && (
        <p className="outline__no-match" role="status">
          {t('outline.noMatch')}
        </p>
      )}
      {selectedLinks && (
        <section
          ref={linksRef}
          className="outline__links-of"
          aria-labelledby="outline-links-title"
          data-testid="outline-links"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation();
            focusRow();
          }}
        >
          <h3 id="outline-links-title" tabIndex={-1}>
            {t('outline.linksOf', { text: nameOf(selectedLinks.id) })}
          </h3>
          <p className="outline__links-hint">{t('outline.linksKeys')}</p>
          <ul>
            {selectedLinks.to.map((to) => (
              <li key={`to-${to}`}>
                <span>{t('outline.contributesTo', { target: nameOf(to) })}</span>
                {canRemoveLink && (
                  <button type="button" className="outline__unlink" onClick={() => removeLink(selectedLinks.id, to)}>
                    {t('outline.removeLink')}
                    <span className="visually-hidden">: {t('outline.linkName', { from: nameOf(selectedLinks.id), to: nameOf(to) })}</span>
                  </button>
                )}
              </li>
            ))}
            {selectedLinks.by.map((from) => (
              <li key={`by-${from}`}>
                <span>{t('outline.contributedBy', { source: nameOf(from) })}</span>
                {canRemoveLink && (
                  <button type="button" className="outline__unlink" onClick={() => removeLink(from, selectedLinks.id)}>
                    {t('outline.removeLink')}
                    <span className="visually-hidden">: {t('outline.linkName', { from: nameOf(from), to: nameOf(selectedLinks.id) })}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
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
  /** Mark and links, read after the label. */
  extraLabel: string;
  canRemoveLink: boolean;
  /** The panel's, not a useTranslation per row (a hook per row cost ~100 ms at 500 causes). */
  t: TFunction;
  onRemoveLink: (from: NodeId, to: NodeId) => void;
  onKeyDown: (e: React.KeyboardEvent, row: Row) => void;
  onSelect: (id: LabelKey) => void;
  onEditStart: (id: LabelKey) => void;
  onEditChange: (id: LabelKey, text: string) => void;
  onEditExit: (how: EditorExit) => void;
}

function sameLinks(a: readonly LinkEnd[], b: readonly LinkEnd[]): boolean {
  return a === b || (a.length === b.length && a.every((l, i) => l.id === b[i]!.id && l.text === b[i]!.text));
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
    r.mark === s.mark &&
    r.context === s.context &&
    r.linked === s.linked &&
    sameLinks(r.linksTo, s.linksTo) &&
    a.extraLabel === b.extraLabel &&
    a.canRemoveLink === b.canRemoveLink &&
    a.t === b.t &&
    a.selected === b.selected &&
    a.collapsed === b.collapsed &&
    a.others === b.others &&
    a.editing === b.editing &&
    a.placeholder === b.placeholder &&
    a.problemLabel === b.problemLabel
  );
}

/** One tree item; memoised so typing in one label re-renders one row, not five hundred. */
const OutlineRow = memo(function OutlineRow({ row, selected, collapsed, others, editing, placeholder, problemLabel, extraLabel, canRemoveLink, t, onRemoveLink, onKeyDown, onSelect, onEditStart, onEditChange, onEditExit }: RowProps) {
  const empty = row.text.trim() === '';
  const shown = empty ? placeholder : row.text;
  const name = extraLabel === '' ? shown : `${shown}, ${extraLabel}`;
  return (
    <li
      role="treeitem"
      data-id={row.id}
      aria-level={row.level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-selected={selected}
      aria-expanded={row.hasChildren ? !collapsed : undefined}
      aria-label={row.id === 'problem' ? problemLabel : name}
      aria-keyshortcuts={row.linked ? 'Alt+L' : undefined}
      tabIndex={selected ? 0 : -1}
      className={`outline__row outline__row--l${Math.min(row.level, 6)} ${selected ? 'is-selected' : ''} ${row.context ? 'is-context' : ''}`}
      style={{ paddingLeft: 8 + (row.level - 1) * 16 }}
      onKeyDown={(e) => onKeyDown(e, row)}
      onClick={() => onSelect(row.id)}
      onDoubleClick={() => onEditStart(row.id)}
    >
      <span className="outline__twisty" aria-hidden="true">
        {row.hasChildren ? (collapsed ? '▸' : '▾') : ''}
      </span>
      <span className="outline__main">
        {editing !== null ? (
          <OutlineInput initial={editing} text={row.text} onChange={(text) => onEditChange(row.id, text)} onExit={onEditExit} label={shown} />
        ) : (
          <span className={`outline__text ${empty ? 'is-placeholder' : ''} ${row.id === 'problem' ? 'is-problem' : ''}`}>{shown}</span>
        )}
        {row.mark && (
          <span aria-hidden="true" className="outline__mark">
            <MarkBadge mark={row.mark} compact />
          </span>
        )}
        {row.linksTo.map((to) => (
          <span key={to.id} className="outline__link" aria-hidden="true" data-link-to={to.id}>
            <span className="outline__link-text">{t('outline.contributesTo', { target: to.text.trim() === '' ? placeholder : to.text })}</span>
            {canRemoveLink && (
              <button
                type="button"
                tabIndex={-1}
                className="outline__link-remove"
                title={t('outline.removeLink')}
                onClick={(e) => {
                  e.stopPropagation();
                  onRemoveLink(row.id as NodeId, to.id);
                }}
              >
                ×
              </button>
            )}
          </span>
        ))}
      </span>
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

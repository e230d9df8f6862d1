import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addLink, castVote, createLocalOrigin, createLocalUndoManager, editText, layoutFishbone, readLinks, readPriorities, readTree, removeLink, retractVote, setPriority, topCauses, voteTotals, PRIORITY_MARKS } from '@causeway/shared';
import type { DiagramTree, NodeId, Origin, PriorityMark, VotingSettings } from '@causeway/shared';
import type * as Y from 'yjs';
import type Konva from 'konva';
import type { Identity } from '../identity.ts';
import { loadParticipantId, newParticipantId } from '../identity.ts';
import { ApiError, facilitate } from '../lobby/api.ts';
import type { FacilitateVoting } from '../lobby/api.ts';
import { buildRenderModel, contentBounds, fitView, hitTest, panToShow, withPlaceholders, zoomAround } from '@causeway/shared';
import type { DropTarget, LabelKey, RemoteMark } from '@causeway/shared';
import type { BoardConnection } from '../sync/connection.ts';
import { throttle } from '../sync/presence.ts';
import { OutlinePanel } from '../outline/OutlinePanel.tsx';
import { anchorAtHead } from '../render/anchor.ts';
import { createActions } from './actions.ts';
import type { ActionResult } from './actions.ts';
import { ContextMenu } from './ContextMenu.tsx';
import type { MenuSection } from './ContextMenu.tsx';
import { MARK_KEYS, plainVoteView, useNotice, useStructureVersion, useVoteView, VOTE_REFUSAL_KEYS } from './facilitation.ts';
import { LinkBar, MarkIcon, TopCausesPanel, VotingBar } from './FacilitationUI.tsx';
import { NoticeBar } from './NoticeBar.tsx';
import { DiagramCanvas, ghostPosition, layersWaiting } from './DiagramCanvas.tsx';
import type { View } from './DiagramCanvas.tsx';
import { ShortcutsDialog } from './dialogs.tsx';
import { FONT_FAMILY, measureText, resetMeasureCache, useDiagramTree, useElementSize, useFontReady, usePeers } from './hooks.ts';
import { LabelEditor } from './LabelEditor.tsx';
import type { EditorExit } from './LabelEditor.tsx';
import { Toolbar } from './Toolbar.tsx';
import type { NodeCommand } from './Toolbar.tsx';
import { indexTree, isWithin, navigateCanvas } from './tree-nav.ts';
import type { Direction } from './tree-nav.ts';

const TemplateDialog = lazy(() => import('./TemplateDialog.tsx').then((m) => ({ default: m.TemplateDialog })));
// The plan and the voting dialogs are opened by few people and rarely: loaded on first use (C17).
const PlanPanel = lazy(() => import('../plan/PlanPanel.tsx').then((m) => ({ default: m.PlanPanel })));
const VotingDialog = lazy(() => import('./FacilitationDialogs.tsx').then((m) => ({ default: m.VotingDialog })));
const ResetVotesDialog = lazy(() => import('./FacilitationDialogs.tsx').then((m) => ({ default: m.ResetVotesDialog })));
const ImportDialog = lazy(() => import('../io/ImportDialog.tsx').then((m) => ({ default: m.ImportDialog })));

export type ReadOnlyReason = 'viewer' | 'locked' | null;

interface Props {
  connection: BoardConnection;
  identity: Identity | null;
  readOnly: ReadOnlyReason;
  /** True once the document can be shown (server or local copy loaded). */
  ready: boolean;
  /** The link's secret, for the HTTP API (facilitation, the plan's CSV). */
  token: string;
  /** The facilitator's link: voting controls (C-F3). */
  facilitator: boolean;
  /** Server clock minus this device's clock (C-F7). */
  clockOffset: number;
}

const MESSAGE_MS = 4500;

/** M-F6: this device's participant id; a page without storage gets one for its lifetime. */
function participantOfDevice() {
  try {
    return loadParticipantId(localStorage);
  } catch {
    return newParticipantId();
  }
}

type Surface = 'canvas' | 'outline';

interface Editing {
  id: LabelKey;
  initial: string;
  original: string;
  surface: Surface;
}

interface DragState {
  id: LabelKey;
  startX: number;
  startY: number;
  active: boolean;
  drop: DropTarget | null;
}

const sameDrop = (a: DropTarget | null, b: DropTarget | null) => a === b || (a !== null && b !== null && a.kind === b.kind && a.id === b.id);

const DRAG_THRESHOLD = 5;
const NOTHING_YET: DiagramTree = { problem: '', categories: [] };
const CURSOR_INTERVAL_MS = 50;

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function textOf(tree: DiagramTree, id: LabelKey): string {
  if (id === 'problem') return tree.problem;
  return indexTree(tree).get(id)?.node.text ?? '';
}

export function Board({ connection, identity, readOnly, ready, token, facilitator, clockOffset }: Props) {
  const { t, i18n } = useTranslation();
  const { doc, awareness } = connection;
  const origin = useMemo(() => createLocalOrigin(), []);
  const undo = useMemo(() => createLocalUndoManager(doc, origin), [doc, origin]);
  const [undoState, setUndoState] = useState({ canUndo: false, canRedo: false });
  useEffect(() => {
    const update = () => setUndoState({ canUndo: undo.undoStack.length > 0, canRedo: undo.redoStack.length > 0 });
    undo.on('stack-item-added', update);
    undo.on('stack-item-popped', update);
    undo.on('stack-cleared', update);
    // Not destroyed here: StrictMode runs effects twice, and the manager lives exactly as long as
    // the document, which the connection destroys.
    return () => {
      undo.off('stack-item-added', update);
      undo.off('stack-item-popped', update);
      undo.off('stack-cleared', update);
    };
  }, [undo]);
  const tree = useDiagramTree(doc);
  // The outline panel follows at a lower priority, so the canvas and the textarea never wait for
  // it (except while someone types in the outline itself). While a label is typed into on the
  // canvas, the canvas follows at that priority too (below), and so it does after a drop. On
  // opening it starts without rows and fills in after the canvas's first frame (500 rows take
  // a few hundred milliseconds to build).
  const deferred = useDeferredValue<DiagramTree | null>(tree, null);
  const deferredTree = deferred ?? NOTHING_YET;
  const outlineTree = deferredTree;
  const treeRef = useRef(tree);
  treeRef.current = tree;
  const actions = useMemo(() => createActions(doc, origin, () => readTree(doc)), [doc, origin]);
  const peers = usePeers(awareness);
  const fontReady = useFontReady();

  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const size = useElementSize(container);
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const viewRef = useRef(view);
  viewRef.current = view;
  const fitted = useRef(false);
  const [selection, setSelection] = useState<LabelKey | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [drag, setDrag] = useState<DragState | null>(null);
  // Where the pointer is while dragging: the ghost follows it without a render of the board; the
  // board renders when the drop target changes (issue 4).
  const dragPoint = useRef({ x: 0, y: 0 });
  const ghostRef = useRef<Konva.Label | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; id: LabelKey; focus?: string } | null>(null);
  const [dialog, setDialog] = useState<'template' | 'import' | 'shortcuts' | 'voting' | 'resetVotes' | null>(null);
  const [outlineOpen, setOutlineOpen] = useState(() => window.innerWidth >= 1100);
  const [exportError, setExportError] = useState<string | null>(null);
  const panning = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number } | null>(null);
  const spaceDown = useRef(false);
  const stageRef = useRef<Konva.Stage | null>(null);
  const canEdit = readOnly === null;

  // Facilitation (C-F rules): recomputed when votes, marks, links or the structure change, never
  // while someone types (issue 4).
  const participantId = useMemo(participantOfDevice, []);
  const structureVersion = useStructureVersion(doc);
  const voteView = useVoteView(doc, participantId, structureVersion);
  const notice = useNotice(doc);
  const [linking, setLinking] = useState<NodeId | null>(null);
  const [message, setMessage] = useState<{ text: string; at: number } | null>(null);
  const [topCausesOpen, setTopCausesOpen] = useState(false);
  const [planOpen, setPlanOpen] = useState(false);
  const ranked = useMemo(() => (topCausesOpen ? topCauses(doc, { participantId }) : []), [doc, participantId, topCausesOpen, structureVersion]);
  // The ranking changes with votes; its labels follow renames (at the outline's lower priority).
  const rankedNow = useMemo(() => {
    const index = indexTree(outlineTree);
    return ranked.map((cause) => {
      const text = index.get(cause.id)?.node.text;
      return text === undefined || text === cause.text ? cause : { ...cause, text };
    });
  }, [ranked, outlineTree]);
  const say = useCallback((text: string) => setMessage({ text, at: Date.now() }), []);
  useEffect(() => {
    if (!message) return;
    const timer = window.setTimeout(() => setMessage(null), MESSAGE_MS);
    return () => window.clearTimeout(timer);
  }, [message]);
  // Results open by themselves when they become visible: voting closed, or open with live votes.
  const revealedRound = voteView.revealed ? voteView.state : null;
  useEffect(() => {
    if (revealedRound !== null) setTopCausesOpen(true);
  }, [revealedRound]);

  // Layout: placeholders for empty labels so there is room to see where to type.
  const placeholderTexts = useMemo(() => ({ problem: t('canvas.emptyProblem'), label: t('canvas.emptyLabel') }), [t, i18n.language]);
  // Measurements taken with a fallback font are dropped once the real one is there.
  useMemo(() => fontReady && resetMeasureCache(), [fontReady]);
  // Typing into a label the canvas already shows: the keystroke updates the document and the
  // textarea at once, and the layout and canvas (500 causes) catch up in a background render React
  // can interrupt, so no single task blocks typing. Anything else (a node added, moved, deleted) is
  // laid out at once, so a new label can be edited straight away.
  const typingOnCanvas = editing !== null && editing.surface === 'canvas' && (editing.id === 'problem' || indexTree(deferredTree).has(editing.id));
  // A cause dropped: the drop itself (document write, drag ghost gone) is handled at once, the new
  // layout follows in the background render, so the pointer-up task stays short (issue 4).
  const [settlingDrop, setSettlingDrop] = useState(false);
  const layoutTree = typingOnCanvas || settlingDrop ? deferredTree : tree;
  useEffect(() => {
    if (settlingDrop && deferredTree === tree) setSettlingDrop(false);
  }, [settlingDrop, deferredTree, tree]);
  const { layout, placeholders } = useMemo(() => {
    // Nothing is drawn before the font is there, and a layout measured with a fallback font would be
    // thrown away: a diagram of 500 causes is laid out once, not twice.
    const prepared = withPlaceholders(fontReady ? layoutTree : NOTHING_YET, placeholderTexts);
    // Anchored at the head, so a label that grows moves only what really moves (and the view stays put).
    return { layout: anchorAtHead(layoutFishbone(prepared.tree, measureText, { fontFamily: FONT_FAMILY })), placeholders: prepared.placeholders };
  }, [layoutTree, placeholderTexts, fontReady]);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;

  // Cursor moves change `peers` many times a second; the outlines only care about these fields.
  const marksKey = JSON.stringify(peers.map((p) => [p.clientId, p.user.name, p.user.colour, p.selection, p.editing, p.dragging]));
  const remoteMarks: RemoteMark[] = useMemo(
    () =>
      (JSON.parse(marksKey) as [number, string, string, string | null, string | null, string | null][]).map(([clientId, name, colour, selection, editing, dragging]) => ({
        clientId,
        name,
        colour,
        selection,
        editing,
        dragging,
      })),
    [marksKey],
  );
  // Bones and labels change with the document; outlines with selection, presence and drag.
  const editingId = editing?.id ?? null;
  // Marks and links as the exports show them; votes as THIS person may see them (C-F2): their own
  // at once, everyone's once revealed. voteView changes only with votes and structure, not typing.
  // Read from the document when more than texts change, so the object stays the same while typing.
  const facilitation = useMemo(
    () => ({ marks: readPriorities(doc), links: readLinks(doc).map(({ from, to }) => ({ from, to })), votes: voteView.totals, mine: voteView.mine }),
    [doc, voteView, structureVersion],
  );
  const base = useMemo(() => buildRenderModel(layout, { editing: editingId, placeholders, facilitation }), [layout, editingId, placeholders, facilitation]);
  const dropTarget = drag?.active ? drag.drop : null;
  const overlay = useMemo(() => {
    // Outlines need only the labels they surround; building all 500 labels and bones again for
    // them would double the work of every keystroke.
    const marked = new Set<string | null>([selection, dropTarget?.id ?? null, ...remoteMarks.flatMap((m) => [m.selection, m.editing, m.dragging])]);
    const labels = layout.labels.filter((l) => marked.has(l.id));
    return buildRenderModel({ ...layout, labels, bones: [], hitAreas: [] }, { selection, peers: remoteMarks, drop: dropTarget, placeholders });
  }, [layout, selection, remoteMarks, dropTarget, placeholders]);
  const model = useMemo(() => ({ ...base, outlines: overlay.outlines, dropLine: overlay.dropLine }), [base, overlay]);

  // Locked while typing: the server would drop the keystrokes, so the editor closes.
  useEffect(() => {
    if (!canEdit) setEditing(null);
  }, [canEdit]);

  // A selection whose node was deleted by someone else falls back to the problem.
  useEffect(() => {
    if (selection && selection !== 'problem' && !indexTree(tree).has(selection)) setSelection('problem');
    if (editing && editing.id !== 'problem' && !indexTree(tree).has(editing.id)) setEditing(null);
  }, [tree, selection, editing]);

  // The whole diagram on screen; null until the board has a size.
  const fittedView = useMemo(() => (size.width > 0 ? fitView(contentBounds(model), size) : null), [model, size]);
  const fit = useCallback(() => {
    if (fittedView) setView(fittedView);
  }, [fittedView]);

  // The diagram fits the screen on open, and keeps fitting (content arriving, window resized)
  // until the person moves the view or the selection themselves. Set while rendering, so the
  // canvas is drawn once, at the fitted view, instead of where it was and then again.
  const autoFit = !fitted.current && ready && fontReady && fittedView !== null;
  if (autoFit && (fittedView.scale !== view.scale || fittedView.x !== view.x || fittedView.y !== view.y)) setView(fittedView);
  const takeOverView = () => {
    fitted.current = true;
  };

  // Keyboard first: once the board is shown and the person named, the canvas has the focus.
  const focusedOnce = useRef(false);
  useEffect(() => {
    if (ready && identity && container && !focusedOnce.current) {
      focusedOnce.current = true;
      container.focus({ preventScroll: true });
    }
  }, [ready, identity, container]);

  // Keep the selected (or edited) label on screen as the keyboard moves through the diagram.
  const followId = editing?.id ?? selection;
  const followBox = followId ? layout.labels.find((l) => l.id === followId)?.box : undefined;
  useEffect(() => {
    if (!followBox || size.width === 0 || !fitted.current || panning.current || pointers.current.size > 0) return;
    // Only once the person drives the view; while it is still auto-fitting, everything is visible.
    setView((v) => panToShow(v, followBox, size));
    // Only when the followed box moves or changes size, not on every new layout object.
  }, [followId, followBox?.x, followBox?.y, followBox?.width, followBox?.height, size]);

  // Presence: who I am, what I have selected or am editing, what I drag.
  useEffect(() => {
    if (identity) awareness.setLocalStateField('user', { name: identity.name, colour: identity.colour });
  }, [awareness, identity]);
  useEffect(() => {
    // One message to everyone (and one redraw of their boards), not one per field.
    const state = awareness.getLocalState();
    if (state !== null) awareness.setLocalState({ ...state, selection, editing: editing?.id ?? null, dragging: drag?.active ? drag.id : null });
  }, [awareness, selection, editing, drag?.active, drag?.id]);
  const cursor = useMemo(() => throttle((value: { x: number; y: number } | null) => awareness.setLocalStateField('cursor', value), CURSOR_INTERVAL_MS), [awareness]);
  useEffect(() => () => cursor.cancel(), [cursor]);

  const focusBoard = () => container?.focus({ preventScroll: true });

  // One undo step per action: an added node and the label typed into it undo together.
  const beginStep = () => {
    undo.stopCapturing();
    undo.captureTimeout = 500;
  };
  const holdStep = () => {
    undo.captureTimeout = Number.MAX_SAFE_INTEGER;
  };

  const apply = (result: ActionResult | null, surface: Surface = 'canvas') => {
    if (!result) return;
    setSelection(result.selection);
    if (result.edit) {
      holdStep();
      const text = textOf(readTree(doc), result.selection);
      setEditing({ id: result.selection, initial: text, original: text, surface });
    }
  };

  const startEdit = (id: LabelKey, initial?: string, surface: Surface = 'canvas') => {
    if (!canEdit) return;
    const current = textOf(treeRef.current, id);
    beginStep();
    holdStep();
    setSelection(id);
    setEditing({ id, initial: initial ?? current, original: current, surface });
  };

  const onEditorExit = (how: EditorExit) => {
    const current = editing;
    setEditing(null);
    beginStep();
    if (!current) return;
    if (how === 'cancel') editText(doc, current.id as never, current.original, origin);
    if (how === 'tab') apply(actions.addChild(current.id), current.surface);
    else if (how === 'shift-tab') apply(actions.outdent(current.id), current.surface);
    if (how !== 'blur' && current.surface === 'canvas') focusBoard();
    if (how !== 'blur' && current.surface === 'outline') focusOutline();
  };

  const focusOutline = () => requestAnimationFrame(() => document.querySelector<HTMLElement>('[role="tree"] [tabindex="0"]')?.focus());

  const command = (name: NodeCommand | 'undo' | 'redo', id = selection, surface: Surface = 'canvas') => {
    beginStep();
    if (name === 'undo') return void undo.undo();
    if (name === 'redo') return void undo.redo();
    if (!canEdit) return;
    if (name === 'addCategory') return apply(actions.addCategory());
    const target = id ?? 'problem';
    switch (name) {
      case 'addSibling':
        return apply(actions.addSibling(target), surface);
      case 'addChild':
        return apply(actions.addChild(target), surface);
      case 'edit':
        return startEdit(target, undefined, surface);
      case 'delete':
        return apply(actions.remove(target));
      case 'outdent':
        return apply(actions.outdent(target));
      case 'moveUp':
        return apply(actions.moveBy(target, -1));
      case 'moveDown':
        return apply(actions.moveBy(target, 1));
    }
  };

  const labelText = (id: LabelKey) => textOf(treeRef.current, id) || (id === 'problem' ? placeholderTexts.problem : placeholderTexts.label);

  /** C-F2: one vote more (or one back) on a category or cause, for this device's participant id. */
  const vote = (id: LabelKey | null, back = false) => {
    if (!canEdit) return;
    if (id === null || id === 'problem') return say(t('voting.selectCause'));
    if (back) {
      if (!retractVote(doc, participantId, id, origin)) return say(t(voteTotals(doc).state === 'open' ? 'voting.nothingToTakeBack' : 'voting.notOpen'));
      return say(t('voting.retracted', { left: voteTotals(doc, { participantId }).left }));
    }
    const result = castVote(doc, participantId, id, origin);
    say(result.ok ? t('voting.voted', { left: result.left }) : t(VOTE_REFUSAL_KEYS[result.reason]));
  };

  /** C-F4: a mark on a category or cause; undoable like any edit. */
  const mark = (id: LabelKey | null, value: PriorityMark | null) => {
    if (!canEdit || id === null || id === 'problem') return;
    beginStep();
    setPriority(doc, id, value, origin);
    beginStep();
  };

  /** C-F5: link mode from a category or cause. */
  const startLink = (id: LabelKey | null) => {
    if (!canEdit) return;
    if (id === null || id === 'problem') return say(t('links.selectCause'));
    setMenu(null);
    setLinking(id);
  };
  const finishLink = (to: LabelKey | null) => {
    const from = linking;
    if (!from || to === null) return;
    if (to === 'problem') return say(t('links.notProblem'));
    if (to === from) return say(t('links.self'));
    if ((treeRef.current.links ?? []).some((l) => l.from === from && l.to === to)) return say(t('links.exists'));
    beginStep();
    const added = addLink(doc, from, to, origin);
    beginStep();
    setLinking(null);
    if (added) say(t('links.added', { from: labelText(from), to: labelText(to) }));
  };
  const unlink = (from: NodeId, to: NodeId) => {
    if (!canEdit) return;
    beginStep();
    removeLink(doc, from, to, origin);
    beginStep();
  };
  useEffect(() => {
    if (!canEdit) setLinking(null);
  }, [canEdit]);
  // The cause being linked was deleted meanwhile.
  useEffect(() => {
    if (linking && !indexTree(tree).has(linking)) setLinking(null);
  }, [tree, linking]);

  /** C-F3: the facilitator's voting controls go through the server (participants cannot change voting). */
  const controlVoting = (voting: FacilitateVoting) => {
    setDialog(null);
    facilitate(connection.workshopId, token, { groups: [connection.groupId], voting }).catch((err: unknown) => {
      const kind = err instanceof ApiError ? err.kind : 'server';
      say(t(kind === 'network' ? 'failure.network' : kind === 'forbidden' || kind === 'wrongLink' ? 'failure.forbidden' : 'failure.server'));
    });
  };

  // Stable callbacks for the memoised panels, so typing does not re-render them.
  const controlVotingRef = useRef(controlVoting);
  controlVotingRef.current = controlVoting;
  const closeVotingRef = useRef(() => controlVotingRef.current({ action: 'close' }));
  const selectFromPanel = useCallback((id: NodeId) => {
    fitted.current = true;
    setSelection(id);
  }, []);
  const closeTopCauses = useCallback(() => setTopCausesOpen(false), []);

  const zoomBy = (factor: number, pointer = { x: size.width / 2, y: size.height / 2 }) => {
    takeOverView();
    setView((v) => zoomAround(v, pointer, factor));
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (isEditable(e.target) || editing) return;
    takeOverView();
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === 'z' || e.key === 'Z')) {
      e.preventDefault();
      command(e.shiftKey ? 'redo' : 'undo');
      return;
    }
    if (mod && (e.key === 'y' || e.key === 'Y')) {
      e.preventDefault();
      command('redo');
      return;
    }
    if (mod) return;
    const sel = selection ?? 'problem';
    if (linking) {
      // Link mode: the arrows move to the target, Enter links, Escape leaves; nothing else edits.
      if (e.key === 'Escape') {
        e.preventDefault();
        setLinking(null);
        return;
      }
      if (e.key === 'Enter') {
        e.preventDefault();
        finishLink(selection);
        return;
      }
      if (!e.key.startsWith('Arrow') || e.altKey) {
        if (e.key !== 'Tab') e.preventDefault();
        return;
      }
    }
    // Facilitation keys (C-F6): lower-case letters, so a label typed with a capital
    // letter still starts editing; V only while voting is open.
    if (!e.altKey && voteView.state === 'open' && (e.key === 'v' || e.key === 'V')) {
      e.preventDefault();
      vote(selection, e.shiftKey);
      return;
    }
    if (!e.altKey && !e.shiftKey && e.key === 'l' && canEdit) {
      e.preventDefault();
      startLink(selection);
      return;
    }
    if (!e.altKey && !e.shiftKey && e.key === 'm' && canEdit) {
      e.preventDefault();
      if (selection === null || selection === 'problem') return say(t('marks.selectCause'));
      const label = layoutRef.current.labels.find((l) => l.id === selection);
      const v = viewRef.current;
      if (label) setMenu({ x: v.x + label.box.x * v.scale, y: v.y + (label.box.y + label.box.height) * v.scale + 4, id: selection, focus: 'marks' });
      return;
    }
    if (e.key.startsWith('Arrow')) {
      e.preventDefault();
      const dir = e.key.slice(5).toLowerCase() as Direction;
      if (e.altKey) {
        if (dir === 'up' || dir === 'left') command('moveUp', sel);
        else command('moveDown', sel);
        return;
      }
      setSelection(navigateCanvas(tree, indexTree(tree), selection, dir));
      return;
    }
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        command(sel === 'problem' ? 'edit' : 'addSibling', sel);
        return;
      case 'Tab':
        e.preventDefault();
        command(e.shiftKey ? 'outdent' : 'addChild', sel);
        return;
      case 'F2':
        e.preventDefault();
        startEdit(sel);
        return;
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        command('delete', sel);
        return;
      case 'Escape':
        setMenu(null);
        setSelection(null);
        return;
      case '0':
        fit();
        return;
      case '+':
      case '=':
        zoomBy(1.2);
        return;
      case '-':
        zoomBy(1 / 1.2);
        return;
      case ' ':
        e.preventDefault();
        spaceDown.current = true;
        return;
      case '?':
        setDialog('shortcuts');
        return;
    }
    // Typing a character starts editing the selected label with that character.
    if (e.key.length === 1 && !e.altKey && canEdit && selection) {
      e.preventDefault();
      startEdit(selection, e.key);
    }
  };

  // Pointer handling: hit testing against the layout, so Konva only draws.
  const toDiagram = (clientX: number, clientY: number) => {
    const rect = container!.getBoundingClientRect();
    const v = viewRef.current;
    return { x: (clientX - rect.left - v.x) / v.scale, y: (clientY - rect.top - v.y) / v.scale };
  };

  const dropTargetAt = (point: { x: number; y: number }, dragged: LabelKey): DropTarget | null => {
    const id = hitTest(layoutRef.current, point);
    if (id === null) return null;
    const index = indexTree(treeRef.current);
    if (isWithin(index, id, dragged)) return null;
    if (id === 'problem') return { kind: 'inside', id };
    const label = layoutRef.current.labels.find((l) => l.id === id);
    if (!label) return null;
    const rel = (point.y - label.box.y) / Math.max(1, label.box.height);
    if (rel < 0.25) return { kind: 'before', id };
    if (rel > 0.75) return { kind: 'after', id };
    return { kind: 'inside', id };
  };


  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button === 2) return;
    takeOverView();
    setMenu(null);
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      pinch.current = { distance: Math.hypot(a!.x - b!.x, a!.y - b!.y) };
      panning.current = null;
      setDrag(null);
      return;
    }
    focusBoard();
    const point = toDiagram(e.clientX, e.clientY);
    const hit = spaceDown.current || e.button === 1 ? null : hitTest(layoutRef.current, point);
    if (hit === null) {
      panning.current = { x: e.clientX, y: e.clientY, vx: viewRef.current.x, vy: viewRef.current.y };
      return;
    }
    if (linking) {
      finishLink(hit);
      return;
    }
    setSelection(hit);
    if (hit !== 'problem' && canEdit) {
      dragPoint.current = point;
      setDrag({ id: hit, startX: e.clientX, startY: e.clientY, active: false, drop: null });
    }
  };

  const onPointerMove = (e: React.PointerEvent) => {
    if (pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pinch.current && pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      const distance = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      const rect = container!.getBoundingClientRect();
      const mid = { x: (a!.x + b!.x) / 2 - rect.left, y: (a!.y + b!.y) / 2 - rect.top };
      setView((v) => zoomAround(v, mid, distance / Math.max(1, pinch.current!.distance)));
      pinch.current = { distance };
      return;
    }
    const point = toDiagram(e.clientX, e.clientY);
    cursor.push(point);
    if (panning.current) {
      const p = panning.current;
      setView((v) => ({ ...v, x: p.vx + e.clientX - p.x, y: p.vy + e.clientY - p.y }));
      return;
    }
    if (drag) {
      const moved = Math.hypot(e.clientX - drag.startX, e.clientY - drag.startY) > DRAG_THRESHOLD;
      if (drag.active || moved) {
        dragPoint.current = point;
        const drop = dropTargetAt(point, drag.id);
        if (!drag.active || !sameDrop(drop, drag.drop)) setDrag({ ...drag, active: true, drop });
        else ghostRef.current?.position(ghostPosition(point, viewRef.current.scale));
      }
    }
  };

  const onPointerUp = (e: React.PointerEvent) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
    panning.current = null;
    if (drag) {
      // The document is written once, on drop (STYLE.md 8).
      if (drag.active && drag.drop) {
        setSettlingDrop(true);
        beginStep();
        apply(actions.drop(drag.id, drag.drop));
      }
      setDrag(null);
    }
  };

  const onDoubleClick = (e: React.MouseEvent) => {
    const hit = hitTest(layoutRef.current, toDiagram(e.clientX, e.clientY));
    if (hit !== null) startEdit(hit);
  };

  const onContextMenu = (e: React.MouseEvent) => {
    e.preventDefault();
    const hit = hitTest(layoutRef.current, toDiagram(e.clientX, e.clientY)) ?? 'problem';
    setSelection(hit);
    const rect = container!.getBoundingClientRect();
    setMenu({ x: e.clientX - rect.left, y: e.clientY - rect.top, id: hit });
  };

  useEffect(() => {
    if (!container) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      fitted.current = true;
      const rect = container.getBoundingClientRect();
      const pointer = { x: e.clientX - rect.left, y: e.clientY - rect.top };
      // Trackpad pinch arrives as a wheel event with ctrlKey and small deltas.
      const factor = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015));
      setView((v) => zoomAround(v, pointer, factor));
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ') spaceDown.current = false;
    };
    container.addEventListener('wheel', onWheel, { passive: false });
    window.addEventListener('keyup', onKeyUp);
    return () => {
      container.removeEventListener('wheel', onWheel);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [container]);

  const modelRef = useRef(model);
  modelRef.current = model;
  const voteViewRef = useRef(voteView);
  voteViewRef.current = voteView;
  const noticeRef = useRef(notice);
  noticeRef.current = notice;
  // For tests and for people who script the board from the console.
  useEffect(() => {
    (window as unknown as { causeway?: unknown }).causeway = {
      tree: () => readTree(doc),
      selection: () => selection,
      peers: () => peers.map((p) => ({ name: p.user.name, cursor: p.cursor, selection: p.selection })),
      view: () => viewRef.current,
      layoutBounds: () => layoutRef.current.bounds,
      connection: () => connection.getState(),
      stage: () => stageRef.current,
      layersWaiting,
      undoDepth: () => ({ undo: undo.undoStack.length, redo: undo.redoStack.length }),
      participantId: () => participantId,
      voteView: () => plainVoteView(voteViewRef.current),
      notice: () => noticeRef.current,
      /** What the canvas draws of facilitation (C-F2, C-F4, C-F5): vote dots, mark badges, link arrows. */
      drawnFacilitation: () => ({
        dots: modelRef.current.dots.map((d) => ({ id: d.id, total: d.total, mine: d.mine })),
        badges: modelRef.current.badges.map((b) => ({ id: b.id, mark: b.mark })),
        links: modelRef.current.links.map((l) => ({ from: l.from, to: l.to })),
      }),
      /** Where a label is on screen (page coordinates), for tests that point at it. */
      labelRect: (id: string) => {
        const label = layoutRef.current.labels.find((l) => l.id === id);
        const rect = container?.getBoundingClientRect();
        if (!label || !rect) return null;
        const v = viewRef.current;
        return { x: rect.left + v.x + label.box.x * v.scale, y: rect.top + v.y + label.box.y * v.scale, width: label.box.width * v.scale, height: label.box.height * v.scale };
      },
    };
  }, [doc, selection, peers, connection, undo, container, participantId]);

  const exportAs = async (format: 'png' | 'json' | 'markdown' | 'mermaid') => {
    try {
      const io = await import('../io/export.ts');
      await io.exportDiagram(format, readTree(doc), { placeholders: placeholderTexts });
    } catch (err) {
      setExportError(t('exporting.failed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  const editingLabel = editing ? model.labels.find((l) => l.id === editing.id) : undefined;
  const ghost = drag?.active ? { text: textOf(tree, drag.id) || t('canvas.emptyLabel'), ...dragPoint.current } : null;

  /** A new diagram from a template, or an imported file: one undo step, then shown whole. */
  const replaceWith = (apply: (target: Y.Doc, by: Origin) => void) => {
    setDialog(null);
    beginStep();
    apply(doc, origin);
    beginStep();
    setSelection('problem');
    fitted.current = false;
    focusBoard();
  };

  const selectedNode = selection !== null && selection !== 'problem' ? indexTree(tree).get(selection)?.node : undefined;

  /** The context menu's facilitation part for one node: vote, mark, link, and its links to remove. */
  const menuSections = (id: LabelKey): MenuSection[] => {
    if (id === 'problem') return [];
    const node = indexTree(tree).get(id)?.node;
    const sections: MenuSection[] = [];
    const done = (run: () => void) => () => {
      setMenu(null);
      run();
      focusBoard();
    };
    if (voteView.state === 'open') {
      sections.push({
        key: 'voting',
        items: [
          { key: 'vote', label: t('voting.voteLong'), enabled: canEdit, testId: 'menu-vote', onSelect: done(() => vote(id)) },
          { key: 'unvote', label: t('voting.unvote'), enabled: canEdit && (voteView.mine.get(id) ?? 0) > 0, testId: 'menu-unvote', onSelect: done(() => vote(id, true)) },
        ],
      });
    }
    sections.push({
      key: 'marks',
      heading: t('marks.title'),
      items: [
        ...PRIORITY_MARKS.map((m) => ({ key: m, label: t(MARK_KEYS[m]), icon: <MarkIcon mark={m} />, enabled: canEdit, checked: node?.priority === m, testId: `menu-mark-${m}`, onSelect: done(() => mark(id, m)) })),
        { key: 'none', label: t('marks.none'), icon: <MarkIcon mark={null} />, enabled: canEdit, checked: !node?.priority, testId: 'menu-mark-none', onSelect: done(() => mark(id, null)) },
      ],
    });
    const links = tree.links ?? [];
    sections.push({
      key: 'links',
      items: [
        { key: 'link', label: t('links.linkTo'), enabled: canEdit, testId: 'menu-link', onSelect: done(() => startLink(id)) },
        ...links
          .filter((l) => l.from === id)
          .map((l) => ({ key: `to:${l.to}`, label: t('links.removeTo', { text: labelText(l.to) }), enabled: canEdit, testId: `menu-unlink-${l.to}`, onSelect: done(() => unlink(l.from, l.to)) })),
        ...links
          .filter((l) => l.to === id)
          .map((l) => ({ key: `from:${l.from}`, label: t('links.removeFrom', { text: labelText(l.from) }), enabled: canEdit, testId: `menu-unlink-from-${l.from}`, onSelect: done(() => unlink(l.from, l.to)) })),
      ],
    });
    return sections;
  };

  return (
    <div className="board">
      <NoticeBar notice={notice} offset={clockOffset} room={`${connection.workshopId}/${connection.groupId}`} />
      <Toolbar
        canEdit={canEdit}
        hasSelection={selection !== null}
        selectionIsProblem={selection === null || selection === 'problem'}
        canUndo={undoState.canUndo}
        canRedo={undoState.canRedo}
        outlineOpen={outlineOpen}
        onCommand={(name) => command(name)}
        onZoom={(dir) => (dir === 'fit' ? fit() : zoomBy(dir === 'in' ? 1.2 : 1 / 1.2))}
        onToggleOutline={() => setOutlineOpen((o) => !o)}
        onNewDiagram={() => setDialog('template')}
        onImport={() => setDialog('import')}
        onExport={(format) => void exportAs(format)}
        onShortcuts={() => setDialog('shortcuts')}
        facilitation={{
          votingOpen: voteView.state === 'open',
          votingUsed: voteView.state !== 'idle',
          nodeSelected: selectedNode !== undefined,
          onVote: () => {
            vote(selection);
            focusBoard();
          },
          mark: selectedNode?.priority ?? null,
          onMark: (value) => {
            mark(selection, value);
            focusBoard();
          },
          linking: linking !== null,
          onLink: () => {
            if (linking) setLinking(null);
            else startLink(selection);
            focusBoard();
          },
          topCausesOpen,
          onToggleTopCauses: () => setTopCausesOpen((o) => !o),
          planOpen,
          onTogglePlan: () => setPlanOpen((o) => !o),
          voting: facilitator
            ? {
                state: voteView.state,
                onStart: () => setDialog('voting'),
                onClose: () => controlVoting({ action: 'close' }),
                onReset: () => setDialog('resetVotes'),
              }
            : null,
        }}
      />
      {voteView.state === 'open' && <VotingBar view={voteView} canVote={canEdit} facilitator={facilitator} onClose={closeVotingRef.current} />}
      {linking && (
        <LinkBar
          fromText={labelText(linking)}
          onCancel={() => {
            setLinking(null);
            focusBoard();
          }}
        />
      )}
      {readOnly && (
        <div className="banner" role="status" data-testid="read-only">
          {readOnly === 'viewer' ? t('state.readOnlyViewer') : t('state.readOnlyLocked')}
        </div>
      )}
      {exportError && (
        <div className="banner banner--error" role="alert" onClick={() => setExportError(null)}>
          {exportError}
        </div>
      )}
      <div className="board__body">
        <div
          ref={setContainer}
          className={`canvas ${drag?.active ? 'canvas--dragging' : ''} ${linking ? 'canvas--linking' : ''}`}
          tabIndex={0}
          role="application"
          aria-label={t('canvas.label')}
          aria-roledescription={t('canvas.label')}
          data-testid="canvas"
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onPointerLeave={() => cursor.push(null)}
          onDoubleClick={onDoubleClick}
          onContextMenu={onContextMenu}
        >
          {size.width > 0 && fontReady && <DiagramCanvas stageRef={stageRef} model={model} view={view} width={size.width} height={size.height} peers={peers} ghost={ghost} ghostRef={ghostRef} editing={editing?.surface === 'canvas' ? editing.id : null} />}
          {/* Screen readers hear where the keyboard is on the canvas. */}
          <div className="visually-hidden" aria-live="polite" data-testid="announce">
            {selection === null ? '' : textOf(tree, selection) || (selection === 'problem' ? placeholderTexts.problem : placeholderTexts.label)}
          </div>
          {editing && editing.surface === 'canvas' && editingLabel && (
            <LabelEditor
              key={editing.id}
              label={editingLabel}
              view={view}
              text={textOf(tree, editing.id)}
              initial={editing.initial}
              ariaLabel={editing.id === 'problem' ? t('template.problemLabel') : t('toolbar.edit')}
              onChange={(text) => editText(doc, editing.id as never, text, origin)}
              onExit={onEditorExit}
            />
          )}
          {menu && (
            <ContextMenu
              x={menu.x}
              y={menu.y}
              isProblem={menu.id === 'problem'}
              canEdit={canEdit}
              sections={menuSections(menu.id)}
              focusSection={menu.focus}
              onCommand={(name) => {
                setMenu(null);
                command(name, menu.id);
              }}
              onClose={() => {
                setMenu(null);
                focusBoard();
              }}
            />
          )}
          <div className="fac-toast" role="status" aria-live="polite" data-testid="board-message">
            {message?.text ?? ''}
          </div>
        </div>
        {topCausesOpen && (
          <TopCausesPanel
            ranked={rankedNow}
            revealed={voteView.revealed}
            selection={selection}
            onSelect={selectFromPanel}
            onClose={closeTopCauses}
          />
        )}
        {planOpen && (
          <Suspense fallback={null}>
            <PlanPanel
              doc={doc}
              origin={origin}
              canEdit={canEdit}
              selection={selection}
              workshopId={connection.workshopId}
              groupId={connection.groupId}
              token={token}
              onClose={() => setPlanOpen(false)}
              onSelect={selectFromPanel}
              onUndo={() => command('undo')}
            />
          </Suspense>
        )}
        {outlineOpen && (
          <OutlinePanel
            tree={editing?.surface === 'outline' ? tree : outlineTree}
            loading={deferred === null}
            selection={selection}
            canEdit={canEdit}
            peers={remoteMarks}
            editing={editing && editing.surface === 'outline' ? editing : null}
            placeholder={placeholderTexts}
            onSelect={setSelection}
            onCommand={(name, id) => command(name, id, 'outline')}
            onEditStart={(id) => startEdit(id, undefined, 'outline')}
            onEditChange={(id, text) => editText(doc, id as never, text, origin)}
            onEditExit={onEditorExit}
            onUndo={(redo) => command(redo ? 'redo' : 'undo')}
            links={outlineTree.links}
            onRemoveLink={canEdit ? unlink : undefined}
          />
        )}
      </div>
      <Suspense fallback={null}>
        {dialog === 'template' && (
          <TemplateDialog
            onClose={() => setDialog(null)}
            onCreate={replaceWith}
          />
        )}
        {dialog === 'import' && (
          <ImportDialog
            onClose={() => setDialog(null)}
            onImport={replaceWith}
          />
        )}
        {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
        {dialog === 'voting' && (
          <VotingDialog
            initial={voteView}
            onClose={() => setDialog(null)}
            onStart={(settings: VotingSettings) => controlVoting({ action: 'start', ...settings })}
          />
        )}
        {dialog === 'resetVotes' && <ResetVotesDialog onClose={() => setDialog(null)} onConfirm={() => controlVoting({ action: 'reset' })} />}
      </Suspense>
    </div>
  );
}

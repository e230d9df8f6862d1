import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildRenderModel, contentBounds, facilitationOf, hitTest, layoutFishbone, PROJECTOR_THEME, withPlaceholders } from '@causeway/shared';
import type { LabelKey, Layout, Rect } from '@causeway/shared';
import type { Awareness } from 'y-protocols/awareness';
import { DiagramCanvas } from '../board/DiagramCanvas.tsx';
import { FONT_FAMILY, measureText, resetMeasureCache, useDiagramTree, useElementSize, useExternal, useFontReady, usePeers } from '../board/hooks.ts';
import { useNotice } from '../board/facilitation.ts';
import { LanguagePicker } from '../board/LanguagePicker.tsx';
import { NoticeBar } from '../board/NoticeBar.tsx';
import { ConnectionBadge } from '../board/TopBar.tsx';
import { indexTree, navigateCanvas } from '../board/tree-nav.ts';
import type { Direction } from '../board/tree-nav.ts';
import { ApiError, getWorkshop } from '../lobby/api.ts';
import type { Role } from '../lobby/api.ts';
import { useGroupConnection } from '../sync/connection.ts';
import type { BoardConnection } from '../sync/connection.ts';
import { highlightRing, interpolateView, projectorFit, REFIT_MS, sameView, toScreen } from './fit.ts';
import type { View } from './fit.ts';
import { readHighlight, readHighlightField } from './highlight.ts';

interface Props {
  workshopId: string;
  groupId: string;
  token: string | null;
}

type LinkCheck = { kind: 'checking' } | { kind: 'ok'; role: Role; groupName: string; clockOffset: number } | { kind: 'wrong' } | { kind: 'unknown' };

const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

/**
 * `/w/<w>/g/<g>/present#t=<token>`: one group's diagram for a projector. Read-only for every role;
 * the facilitator can highlight a cause, and every projector view of the group shows it.
 */
export function PresentPage({ workshopId, groupId, token }: Props) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<LinkCheck>({ kind: 'checking' });

  useEffect(() => {
    if (!token) return;
    let live = true;
    getWorkshop(workshopId, token).then(
      (info) => {
        const group = info.groups.find((g) => g.id === groupId);
        if (live) setCheck(group ? { kind: 'ok', role: info.role, groupName: group.name, clockOffset: info.clockOffset } : { kind: 'wrong' });
      },
      (err: unknown) => {
        // Offline: carry on with the copy on this device, as the board does.
        if (live) setCheck(err instanceof ApiError && (err.kind === 'wrongLink' || err.kind === 'forbidden') ? { kind: 'wrong' } : { kind: 'unknown' });
      },
    );
    return () => {
      live = false;
    };
  }, [workshopId, groupId, token]);

  const wrong = check.kind === 'wrong';
  const connection = useGroupConnection(workshopId, groupId, token, wrong);

  if (!token || wrong) return <WrongLink />;
  if (!connection) {
    return (
      <main className="page-message" data-testid="connecting">
        <p className="spinner" aria-hidden="true" />
        <p role="status">{t('state.connecting')}</p>
      </main>
    );
  }
  return (
    <Projector
      connection={connection}
      facilitator={check.kind === 'ok' && check.role === 'facilitator'}
      groupName={check.kind === 'ok' ? check.groupName : ''}
      clockOffset={check.kind === 'ok' ? check.clockOffset : 0}
    />
  );
}

function WrongLink() {
  const { t } = useTranslation();
  return (
    <main className="page-message" data-testid="wrong-link">
      <div className="page-message__corner">
        <LanguagePicker />
      </div>
      <h1>{t('state.wrongLink')}</h1>
      <p>{t('state.wrongLinkHint')}</p>
    </main>
  );
}

function useHighlight(awareness: Awareness): LabelKey | null {
  const [highlight, setHighlight] = useState<LabelKey | null>(() => readHighlight(awareness.getStates()));
  useEffect(() => {
    const update = () => setHighlight(readHighlight(awareness.getStates()));
    awareness.on('change', update);
    update();
    return () => awareness.off('change', update);
  }, [awareness]);
  return highlight;
}

function useFullscreen(element: HTMLElement | null): { active: boolean; available: boolean; toggle: () => void } {
  const [active, setActive] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const update = () => setActive(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void element?.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
  }, [element]);
  return { active, available: document.fullscreenEnabled, toggle };
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The test hook: what the projector shows, in screen px, for the browser tests. */
interface PresentProbe {
  view: View | null;
  target: View | null;
  content: Rect;
  viewport: { width: number; height: number };
  highlight: LabelKey | null;
  labels: { id: LabelKey; text: string; rect: Rect }[];
}

function Projector({ connection, facilitator, groupName, clockOffset }: { connection: BoardConnection; facilitator: boolean; groupName: string; clockOffset: number }) {
  const { t, i18n } = useTranslation();
  const { doc, awareness } = connection;
  const state = useExternal(connection.subscribe, connection.getState);
  const tree = useDiagramTree(doc);
  const peers = usePeers(awareness);
  const highlight = useHighlight(awareness);
  const fontReady = useFontReady();
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  const [stage, setStage] = useState<HTMLDivElement | null>(null);
  const size = useElementSize(stage);
  // C-F7: the facilitator's timer and message across the top; the diagram fits in the space below.
  const notice = useNotice(doc);
  const [noticeBox, setNoticeBox] = useState<HTMLDivElement | null>(null);
  const noticeSize = useElementSize(noticeBox);
  const fullscreen = useFullscreen(root);
  /** The facilitator's keyboard position: outlined in blue, highlighted for everyone on Enter. */
  const [cursor, setCursor] = useState<LabelKey | null>(null);

  const placeholderTexts = useMemo(() => ({ problem: t('canvas.emptyProblem'), label: t('canvas.emptyLabel') }), [t, i18n.language]);
  useMemo(() => fontReady && resetMeasureCache(), [fontReady]);
  const { layout, placeholders } = useMemo(() => {
    const prepared = withPlaceholders(tree, placeholderTexts);
    return { layout: layoutFishbone(prepared.tree, measureText, { fontFamily: FONT_FAMILY }) as Layout, placeholders: prepared.placeholders };
  }, [tree, placeholderTexts, fontReady]);
  // C-F8: marks, links, and votes once revealed (closed, or live), as in the exports.
  const base = useMemo(() => buildRenderModel(layout, { placeholders, theme: PROJECTOR_THEME, facilitation: facilitationOf(tree) }), [layout, placeholders, tree]);
  const overlay = useMemo(
    () => buildRenderModel(layout, { placeholders, theme: PROJECTOR_THEME, selection: facilitator ? cursor : null, highlight }),
    [layout, placeholders, facilitator, cursor, highlight],
  );
  const content = useMemo(() => contentBounds(base), [base]);

  const hasLocalContent = state.localLoaded && (tree.categories.length > 0 || tree.problem !== '');
  const ready = (state.synced || hasLocalContent) && fontReady;

  // Always the whole diagram: the target is the fit of the current content in the current window;
  // the view glides to it whenever either changes.
  const target = useMemo(() => (ready && size.width > 0 && size.height > 0 ? projectorFit(content, size) : null), [ready, content, size]);
  const highlightScale = target?.scale ?? 1;
  const model = useMemo(() => {
    const outlines = overlay.outlines.map((o) => {
      if (o.key !== 'highlight') return o;
      const box = layout.labels.find((l) => l.id === o.id)?.box;
      return box ? { ...o, rect: highlightRing(box, highlightScale) } : o;
    });
    return { ...base, outlines };
  }, [base, overlay, layout, highlightScale]);
  const [view, setView] = useState<View | null>(null);
  const viewRef = useRef<View | null>(null);
  useEffect(() => {
    if (!target) return;
    const from = viewRef.current;
    if (!from || prefersReducedMotion()) {
      viewRef.current = target;
      setView(target);
      return;
    }
    if (sameView(from, target)) return;
    const start = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      const progress = (now - start) / REFIT_MS;
      const next = interpolateView(from, target, progress);
      viewRef.current = next;
      setView(next);
      if (progress < 1) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [target]);

  // The highlight is presence: set in this window's awareness state, gone when the window closes.
  const setHighlight = useCallback(
    (id: LabelKey | null) => {
      if (facilitator) awareness.setLocalStateField('highlight', id);
    },
    [awareness, facilitator],
  );

  // Keys go to the whole page: a projector has no other focus target worth keeping.
  const treeRef = useRef(tree);
  treeRef.current = tree;
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;
  const { available: fullscreenAvailable, toggle: toggleFullscreen } = fullscreen;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if ((e.key === 'f' || e.key === 'F') && fullscreenAvailable) {
        e.preventDefault();
        toggleFullscreen();
        return;
      }
      if (!facilitator) return;
      const dir = ARROWS[e.key];
      if (dir) {
        e.preventDefault();
        setCursor(navigateCanvas(treeRef.current, indexTree(treeRef.current), cursorRef.current, dir));
      } else if (e.key === 'Enter' || e.key === ' ') {
        if ((e.target as HTMLElement | null)?.tagName === 'BUTTON') return;
        e.preventDefault();
        if (cursorRef.current) setHighlight(cursorRef.current);
      } else if (e.key === 'Escape') {
        setHighlight(null);
        setCursor(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [facilitator, fullscreenAvailable, toggleFullscreen, setHighlight]);

  const onClick = (e: React.MouseEvent<HTMLDivElement>) => {
    if (!facilitator || !view || !stage) return;
    const box = stage.getBoundingClientRect();
    const id = hitTest(layout, { x: (e.clientX - box.left - view.x) / view.scale, y: (e.clientY - box.top - view.y) / view.scale });
    if (id === null) return;
    setCursor(id);
    setHighlight(id === highlight ? null : id);
  };

  const highlightedLabel = highlight !== null ? layout.labels.find((l) => l.id === highlight) : undefined;
  // A highlighted cause that someone deleted: the facilitator's page takes the stale id back.
  const ownHighlight = facilitator ? readHighlightField(awareness.getLocalState()) : null;
  const ownGone = ownHighlight !== null && ready && !layout.labels.some((l) => l.id === ownHighlight);
  useEffect(() => {
    if (ownGone) setHighlight(null);
  }, [ownGone, setHighlight]);
  useEffect(() => {
    if (!groupName) return;
    const previous = document.title;
    document.title = `${groupName} — ${t('app.name')}`;
    return () => {
      document.title = previous;
    };
  }, [groupName, t]);
  const highlightText = highlightedLabel ? highlightedLabel.lines.join(' ') : '';

  const probe = useRef<PresentProbe | null>(null);
  probe.current = {
    view,
    target,
    content,
    viewport: size,
    highlight,
    labels: view ? layout.labels.map((l) => ({ id: l.id, text: l.lines.join(' '), rect: toScreen(l.box, view) })) : [],
  };
  useEffect(() => {
    (window as unknown as { causewayPresent?: { state(): PresentProbe | null } }).causewayPresent = { state: () => probe.current };
  }, []);

  // The group was deleted (or the room refused us for good): say so instead of a frozen picture.
  if (state.refused) return <WrongLink />;
  const settled = view !== null && target !== null && sameView(view, target);
  return (
    <div className="present" ref={setRoot} data-testid="present">
      <div className="present__notice" ref={setNoticeBox}>
        <NoticeBar notice={notice} offset={clockOffset} room={`${connection.workshopId}/${connection.groupId}`} large />
      </div>
      <div
        className={`present__stage${facilitator ? ' present__stage--pointer' : ''}`}
        style={{ top: noticeSize.height }}
        ref={setStage}
        data-testid="present-canvas"
        data-settled={settled ? 'true' : 'false'}
        role="img"
        aria-label={t('present.canvasLabel', { name: groupName || t('app.name') })}
        aria-describedby={facilitator ? 'present-hint' : undefined}
        onClick={onClick}
      >
        {view && <DiagramCanvas model={model} view={view} width={size.width} height={size.height} peers={[]} ghost={null} />}
        {view && highlightedLabel && <Pulse rect={toScreen(highlightRing(highlightedLabel.box, highlightScale), view)} />}
      </div>
      {facilitator && (
        <p id="present-hint" className="visually-hidden">
          {t('present.facilitatorHint')}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite" data-testid="present-announce">
        {highlightText ? t('present.highlighted', { text: highlightText }) : ''}
      </p>
      <div className="present__corner" data-testid="present-corner">
        {groupName && <span className="present__group">{groupName}</span>}
        <span className="present__count" data-testid="present-count" data-count={peers.length}>
          {t('presence.count', { count: peers.length })}
        </span>
        <ConnectionBadge status={state.status} />
        {fullscreen.available && (
          <button type="button" className="present__fullscreen" data-testid="present-fullscreen" aria-pressed={fullscreen.active} onClick={fullscreen.toggle} title={t('present.fullscreenKey')}>
            {fullscreen.active ? t('present.exitFullscreen') : t('present.fullscreen')}
          </button>
        )}
      </div>
      {!ready && (
        <div className="overlay" data-testid="connecting">
          <p className="spinner" aria-hidden="true" />
          <p role="status">{t('state.connecting')}</p>
        </div>
      )}
    </div>
  );
}

/** A calm glow that breathes around the highlighted cause (none when the person prefers less motion). */
function Pulse({ rect }: { rect: Rect }) {
  return <div className="present__pulse" aria-hidden="true" style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }} />;
}

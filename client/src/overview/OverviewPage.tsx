import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../board/LanguagePicker.tsx';
import { useExternal } from '../board/hooks.ts';
import { addGroup, ApiError, deleteGroup, getWorkshop, updateGroup } from '../lobby/api.ts';
import type { GroupSummary, WorkshopInfo } from '../lobby/api.ts';
import { LinksPanel } from '../lobby/LinksPanel.tsx';
import { failureKey } from '../lobby/messages.ts';
import type { FailureKey } from '../lobby/messages.ts';
import { ServerClock } from './clock.ts';
import { FacilitationBar, GroupControls, GroupStatus } from './Facilitate.tsx';
import { relativeTime } from './time.ts';
import { Thumbnail } from './Thumbnail.tsx';
import { usePolled } from './usePolled.ts';
import { countCauses, GroupWatcher } from './watcher.ts';
import { EMPTY_NOTICE, IDLE_VOTING } from './watcher.ts';
import type { GroupLive } from './watcher.ts';
import { useFacilitate } from './useFacilitate.ts';
import type { Facilitation } from './useFacilitate.ts';
import { WrongLink } from './WrongLink.tsx';

interface Props {
  workshopId: string;
  token: string | null;
}

/** Locks, names and the list of groups are re-read this often (presence and diagrams are live). */
const REFRESH_MS = 5000;
/** A deleted group can be brought back this long; only then is it deleted on the server. */
export const UNDO_DELETE_MS = 10_000;

const groupPath = (workshopId: string, groupId: string, token: string, suffix = '') =>
  `/w/${encodeURIComponent(workshopId)}/g/${encodeURIComponent(groupId)}${suffix}#t=${token}`;

/** `/w/<id>#t=<token>`: every group at a glance; with the facilitator's token, the controls too. */
export function OverviewPage({ workshopId, token }: Props) {
  const { t } = useTranslation();
  const [clock] = useState(() => new ServerClock());
  const load = token
    ? async () => {
        const sentAt = Date.now();
        const info = await getWorkshop(workshopId, token);
        clock.record(info.clockOffset, sentAt, Date.now());
        return info;
      }
    : null;
  const polled = usePolled(load, REFRESH_MS, [workshopId, token]);
  const role = polled.value?.role;
  useEffect(() => {
    // A participant link opened without /join: send it where participants belong.
    if (role === 'participant' && token) location.replace(`/w/${encodeURIComponent(workshopId)}/join#t=${token}`);
  }, [role, token, workshopId]);
  if (!token || (polled.error instanceof ApiError && polled.error.kind === 'wrongLink')) return <WrongLink />;
  if (!polled.value || role === 'participant') {
    return (
      <main className="page-message" data-testid="connecting">
        {polled.error ? (
          <p role="alert">{t(failureKey(polled.error))}</p>
        ) : (
          <>
            <p className="spinner" aria-hidden="true" />
            <p role="status">{t('state.connecting')}</p>
          </>
        )}
      </main>
    );
  }
  return <Overview info={polled.value} token={token} clock={clock} stale={polled.error ? failureKey(polled.error) : null} refresh={polled.refresh} patch={polled.patch} />;
}

interface OverviewProps {
  info: WorkshopInfo;
  token: string;
  clock: ServerClock;
  stale: FailureKey | null;
  refresh: () => void;
  patch: (update: (w: WorkshopInfo) => WorkshopInfo) => void;
}

function Overview({ info, token, clock, stale, refresh, patch }: OverviewProps) {
  const { t } = useTranslation();
  const canManage = info.role === 'facilitator';
  const [failure, setFailure] = useState<FailureKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<ReadonlyMap<string, string>>(new Map());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const now = useNow(15_000);
  const facilitation = useFacilitate(info.id, token, clock, refresh);

  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setFailure(null);
      setBusy(true);
      try {
        await action();
      } catch (err) {
        console.error('Overview action failed:', err);
        // A group that is gone (deleted elsewhere) just leaves the grid on the refresh below.
        if (!isGone(err)) setFailure(failureKey(err));
      } finally {
        setBusy(false);
        refresh();
      }
    },
    [refresh],
  );

  const setLocked = (groups: readonly GroupSummary[], locked: boolean) =>
    run(async () => {
      await Promise.all(groups.map((g) => updateGroup(info.id, token, g.id, { locked })));
      const ids = new Set(groups.map((g) => g.id));
      patch((w) => ({ ...w, groups: w.groups.map((g) => (ids.has(g.id) ? { ...g, locked } : g)) }));
    });

  const rename = (group: GroupSummary, name: string) =>
    run(async () => {
      await updateGroup(info.id, token, group.id, { name });
      patch((w) => ({ ...w, groups: w.groups.map((g) => (g.id === group.id ? { ...g, name } : g)) }));
    });

  const finishDelete = useCallback(
    (groupId: string, keepalive = false) => {
      timers.current.delete(groupId);
      const done = deleteGroup(info.id, token, groupId, { keepalive });
      if (keepalive) return;
      void done.then(
        () => {
          setPending((p) => without(p, groupId));
          refresh();
        },
        (err: unknown) => {
          console.error('Deleting the group failed:', err);
          if (!isGone(err)) setFailure(failureKey(err));
          setPending((p) => without(p, groupId));
          refresh();
        },
      );
    },
    [info.id, token, refresh],
  );

  const startDelete = (group: GroupSummary) => {
    setPending((p) => new Map(p).set(group.id, group.name));
    timers.current.set(
      group.id,
      setTimeout(() => finishDelete(group.id), UNDO_DELETE_MS),
    );
  };
  const undoDelete = (groupId: string) => {
    clearTimeout(timers.current.get(groupId));
    timers.current.delete(groupId);
    setPending((p) => without(p, groupId));
  };

  // Leaving the page during the undo time still deletes (the facilitator asked for it).
  useEffect(() => {
    const flush = () => {
      for (const [groupId, timer] of timers.current) {
        clearTimeout(timer);
        finishDelete(groupId, true);
      }
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [finishDelete]);

  const visible = info.groups.filter((g) => !pending.has(g.id));
  const watchers = useWatchers(info.id, visible.map((g) => g.id), token);
  return (
    <main className="overview" data-testid="overview" data-role={info.role}>
      <header className="overview__header">
        <div>
          <h1>{info.title}</h1>
          <p className="muted">
            {t('overview.subtitle')}
            {!canManage && (
              <span className="badge" data-testid="read-only">
                {t('overview.readOnly')}
              </span>
            )}
          </p>
        </div>
        <LanguagePicker />
      </header>
      {canManage && (
        <div className="overview__toolbar" role="toolbar" aria-label={t('overview.subtitle')}>
          <button type="button" className="button" disabled={busy} data-testid="add-group" onClick={() => void run(() => addGroup(info.id, token))}>
            {t('overview.addGroup')}
          </button>
          <button type="button" className="button" disabled={busy || visible.length === 0} data-testid="lock-all" onClick={() => void setLocked(visible, true)}>
            {t('overview.lockAll')}
          </button>
          <button type="button" className="button" disabled={busy || visible.length === 0} data-testid="unlock-all" onClick={() => void setLocked(visible, false)}>
            {t('overview.unlockAll')}
          </button>
          <a className="button" data-testid="download-all" href={`/api/workshops/${encodeURIComponent(info.id)}/export.zip?token=${encodeURIComponent(token)}`} download>
            {t('overview.downloadAll')}
          </a>
        </div>
      )}
      {canManage && <FacilitationBar watchers={watchers} clock={clock} facilitation={facilitation} />}
      {(failure ?? stale) && (
        <p className="form-failure" role="alert" data-testid="failure">
          {t((failure ?? stale)!)}
        </p>
      )}
      {visible.length === 0 && <p className="muted">{t('overview.noGroups')}</p>}
      <ul className="overview__grid">
        {visible.map((group) => (
          <GroupCard
            key={group.id}
            workshop={info}
            group={group}
            token={token}
            watcher={watchers.get(group.id) ?? null}
            clock={clock}
            facilitation={facilitation}
            now={now}
            canManage={canManage}
            busy={busy}
            onLock={(locked) => void setLocked([group], locked)}
            onRename={(name) => void rename(group, name)}
            onDelete={() => startDelete(group)}
          />
        ))}
      </ul>
      {canManage && info.links && (
        <details className="overview__links">
          <summary>{t('overview.invite')}</summary>
          <LinksPanel links={info.links} />
        </details>
      )}
      <div className="toasts" aria-live="polite">
        {[...pending].map(([groupId, name]) => (
          <div key={groupId} className="toast" data-testid="deleted-toast">
            <span>{t('overview.deleted', { name })}</span>
            <button type="button" className="button" data-testid="undo-delete" onClick={() => undoDelete(groupId)}>
              {t('overview.undo')}
            </button>
          </div>
        ))}
      </div>
    </main>
  );
}

/** A 404 on a group: someone else deleted it already. */
function isGone(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const IDLE: GroupLive = { tree: { problem: '', categories: [] }, synced: false, people: [], lastChangeAt: null, revision: 0, notice: EMPTY_NOTICE, voting: IDLE_VOTING, top: [] };
const noSubscribe = () => () => undefined;
const idle = () => IDLE;

/**
 * One read-only watcher per shown group, made and destroyed as groups come and go (StrictMode-safe:
 * the unmount cleanup destroys them all and the next run makes them again). The toolbar needs
 * every group's state, so they live here rather than in each card.
 */
function useWatchers(workshopId: string, groupIds: readonly string[], token: string): ReadonlyMap<string, GroupWatcher> {
  const [pool, setPool] = useState<ReadonlyMap<string, GroupWatcher>>(new Map());
  const current = useRef(new Map<string, GroupWatcher>());
  const key = groupIds.join('\n');
  useEffect(() => {
    const wanted = new Set(key === '' ? [] : key.split('\n'));
    const map = current.current;
    for (const [id, watcher] of map) {
      if (wanted.has(id)) continue;
      watcher.destroy();
      map.delete(id);
    }
    for (const id of wanted) if (!map.has(id)) map.set(id, new GroupWatcher(workshopId, id, token));
    setPool(new Map(map));
  }, [key, workshopId, token]);
  useEffect(
    () => () => {
      for (const watcher of current.current.values()) watcher.destroy();
      current.current.clear();
    },
    [workshopId, token],
  );
  return pool;
}

/** The live state of one group from its watcher (the idle state until the watcher exists). */
function useGroupLive(watcher: GroupWatcher | null): GroupLive {
  return useExternal(watcher?.subscribe ?? noSubscribe, watcher?.getState ?? idle);
}

interface CardProps {
  workshop: WorkshopInfo;
  group: GroupSummary;
  token: string;
  watcher: GroupWatcher | null;
  clock: ServerClock;
  facilitation: Facilitation;
  now: number;
  canManage: boolean;
  busy: boolean;
  onLock: (locked: boolean) => void;
  onRename: (name: string) => void;
  onDelete: () => void;
}

function GroupCard({ workshop, group, token, watcher, clock, facilitation, now, canManage, busy, onLock, onRename, onDelete }: CardProps) {
  const { t, i18n } = useTranslation();
  const live = useGroupLive(watcher);
  const [mode, setMode] = useState<'view' | 'rename' | 'confirmDelete'>('view');
  const [controls, setControls] = useState(false);
  const controlsId = useId();
  const [draft, setDraft] = useState(group.name);
  const causes = live.synced ? countCauses(live.tree) : group.causes;
  const lastChange = live.lastChangeAt ?? group.lastEditAt;
  const boardHref = groupPath(workshop.id, group.id, token);
  const problem = live.tree.problem.trim() || t('canvas.emptyProblem');
  return (
    <li className={`group-card${group.locked ? ' group-card--locked' : ''}`} data-testid="group-card" data-group-id={group.id} data-locked={group.locked} data-causes={causes}>
      <div className="group-card__head">
        {mode === 'rename' ? (
          <form
            className="group-card__rename"
            onSubmit={(e) => {
              e.preventDefault();
              const name = draft.replace(/\s+/g, ' ').trim();
              if (name && name !== group.name) onRename(name);
              setMode('view');
            }}
          >
            <input value={draft} maxLength={100} autoFocus aria-label={t('overview.renameLabel', { name: group.name })} data-testid="rename-input" onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setMode('view')} />
            <button type="submit" className="button button--small button--primary">
              {t('overview.save')}
            </button>
            <button type="button" className="button button--small" onClick={() => setMode('view')}>
              {t('overview.cancel')}
            </button>
          </form>
        ) : (
          <h2 lang={workshop.locale} data-testid="group-name">
            {group.name}
          </h2>
        )}
        {group.locked && <span className="badge badge--locked">{t('overview.locked')}</span>}
      </div>
      <a className="group-card__thumb" href={boardHref} target="_blank" rel="noopener noreferrer" aria-label={`${t('overview.openBoard')}: ${group.name}`}>
        <Thumbnail tree={live.tree} label={t('overview.thumbnail', { name: group.name, problem })} />
      </a>
      <div className="group-card__meta">
        <div className="group-card__people" data-testid="people" aria-label={t('overview.people')}>
          {live.people.length === 0 ? (
            <span className="muted">{t('overview.nobody')}</span>
          ) : (
            live.people.map((p) => (
              <span key={p.clientId} className="person-chip" style={{ borderColor: p.colour }}>
                <span className="person-chip__dot" style={{ background: p.colour }} aria-hidden="true" />
                {p.name}
              </span>
            ))
          )}
        </div>
        <div className="group-card__stats">
          <span data-testid="causes">{t('overview.causes', { count: causes })}</span>
          <span>{lastChange === null ? t('overview.noChanges') : t('overview.lastChange', { time: relativeTime(lastChange, Math.max(now, lastChange), i18n.language) })}</span>
        </div>
      </div>
      <GroupStatus live={live} clock={clock} />
      <div className="group-card__actions">
        <a className="button button--small" href={boardHref} target="_blank" rel="noopener noreferrer" data-testid="open-board">
          {t('overview.openBoard')}
        </a>
        <a className="button button--small" href={groupPath(workshop.id, group.id, token, '/present')} target="_blank" rel="noopener noreferrer" data-testid="open-projector">
          {t('overview.openProjector')}
        </a>
      </div>
      {canManage && mode !== 'confirmDelete' && (
        <div className="group-card__actions">
          <button type="button" className="button button--small" disabled={busy} data-testid="lock" aria-pressed={group.locked} onClick={() => onLock(!group.locked)}>
            {group.locked ? t('overview.unlock') : t('overview.lock')}
          </button>
          <button
            type="button"
            className="button button--small"
            data-testid="rename"
            onClick={() => {
              setDraft(group.name);
              setMode('rename');
            }}
          >
            {t('overview.rename')}
          </button>
          <button type="button" className="button button--small button--danger" data-testid="delete" onClick={() => setMode('confirmDelete')}>
            {t('overview.delete')}
          </button>
        </div>
      )}
      {mode === 'confirmDelete' && (
        <div className="group-card__confirm" role="alertdialog" aria-label={t('overview.confirmDelete', { name: group.name })}>
          <p>{t('overview.confirmDelete', { name: group.name })}</p>
          <button
            type="button"
            className="button button--small button--danger"
            data-testid="confirm-delete"
            onClick={() => {
              setMode('view');
              onDelete();
            }}
          >
            {t('overview.delete')}
          </button>
          <button type="button" className="button button--small" autoFocus onClick={() => setMode('view')}>
            {t('overview.cancel')}
          </button>
        </div>
      )}
      {canManage && (
        <button
          type="button"
          className="group-card__toggle"
          aria-expanded={controls}
          aria-controls={controlsId}
          data-testid="facilitate-toggle"
          onClick={() => setControls((open) => !open)}
        >
          <span className="group-card__chevron" aria-hidden="true" />
          {t('facilitate.groupControls')}
        </button>
      )}
      {canManage && controls && (
        <div id={controlsId}>
          <GroupControls id={group.id} name={group.name} live={live} facilitation={facilitation} />
        </div>
      )}
    </li>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadIdentity, saveName } from '../identity.ts';
import type { Identity } from '../identity.ts';
import { ApiError, getWorkshop } from '../lobby/api.ts';
import { useGroupConnection } from '../sync/connection.ts';
import type { BoardConnection } from '../sync/connection.ts';
import { readPeers } from '../sync/presence.ts';
import { Board } from './Board.tsx';
import type { ReadOnlyReason } from './Board.tsx';
import { NameDialog } from './dialogs.tsx';
import { currentTree, isEmpty, useExternal, usePeers } from './hooks.ts';
import { LanguagePicker } from './LanguagePicker.tsx';
import { TopBar } from './TopBar.tsx';

interface Props {
  workshopId: string;
  groupId: string;
  token: string | null;
}

/** What the server says about this link: its role and the group (GET /api/workshops/:w). */
type LinkCheck =
  | { kind: 'checking' }
  | { kind: 'ok'; role: 'facilitator' | 'participant' | 'viewer'; groupName: string; title: string; locked: boolean; clockOffset: number }
  | { kind: 'wrong' }
  /** The server could not be asked (offline): carry on with the copy on this device. */
  | { kind: 'unknown' };

async function checkLink(workshopId: string, groupId: string, token: string): Promise<LinkCheck> {
  try {
    const info = await getWorkshop(workshopId, token);
    const group = info.groups.find((g) => g.id === groupId);
    if (!group) return { kind: 'wrong' };
    return { kind: 'ok', role: info.role, groupName: group.name, title: info.title, locked: group.locked, clockOffset: info.clockOffset };
  } catch (err) {
    // 400/401/403/404: the link is wrong; no answer or a server failure: carry on with the local copy.
    return err instanceof ApiError && (err.kind === 'wrongLink' || err.kind === 'forbidden' || err.kind === 'invalid') ? { kind: 'wrong' } : { kind: 'unknown' };
  }
}

/** The workshop's and group's names, kept on the device so that a board opened offline shows them. */
const titleKey = (workshopId: string, groupId: string) => `causeway.title:${workshopId}/${groupId}`;

function rememberTitle(workshopId: string, groupId: string, title: string): void {
  try {
    localStorage.setItem(titleKey(workshopId, groupId), title);
  } catch {
    // Storage switched off or full: offline, the board is shown without its name.
  }
}

function rememberedTitle(workshopId: string, groupId: string): string {
  try {
    return localStorage.getItem(titleKey(workshopId, groupId)) ?? '';
  } catch {
    return '';
  }
}

function titleOf(check: Extract<LinkCheck, { kind: 'ok' }>): string {
  return [check.title, check.groupName].filter(Boolean).join(' — ');
}

function identitySeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}

export function BoardPage({ workshopId, groupId, token }: Props) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<LinkCheck>({ kind: 'checking' });
  const [identity, setIdentity] = useState<Identity | null>(() => safeLoadIdentity());
  const [askName, setAskName] = useState(false);

  useEffect(() => {
    if (!token) return;
    let live = true;
    void checkLink(workshopId, groupId, token).then((result) => {
      if (result.kind === 'ok') rememberTitle(workshopId, groupId, titleOf(result));
      if (live) setCheck(result);
    });
    return () => {
      live = false;
    };
  }, [workshopId, groupId, token]);

  const wrong = check.kind === 'wrong';
  const connection = useGroupConnection(workshopId, groupId, token, wrong);

  if (!token || check.kind === 'wrong') {
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
  if (!connection) {
    return (
      <main className="page-message" data-testid="connecting">
        <p className="spinner" aria-hidden="true" />
        <p role="status">{t('state.connecting')}</p>
      </main>
    );
  }
  const title = check.kind === 'ok' ? titleOf(check) : check.kind === 'unknown' ? rememberedTitle(workshopId, groupId) : '';
  return (
    <>
      <LiveBoard
        connection={connection}
        identity={identity}
        viewer={check.kind === 'ok' && check.role === 'viewer'}
        lockedAtStart={check.kind === 'ok' && check.locked && check.role === 'participant'}
        title={title}
        onRename={() => setAskName(true)}
        token={token}
        facilitator={check.kind === 'ok' && check.role === 'facilitator'}
        clockOffset={check.kind === 'ok' ? check.clockOffset : 0}
      />
      {(identity === null || askName) && (
        <NameDialog
          initial={identity?.name ?? ''}
          onClose={identity ? () => setAskName(false) : undefined}
          onSubmit={(name) => {
            const next = safeSaveName(name, connection ? coloursInUse(connection) : []);
            if (next) setIdentity(next);
            setAskName(false);
          }}
        />
      )}
    </>
  );
}

interface LiveBoardProps {
  connection: BoardConnection;
  identity: Identity | null;
  viewer: boolean;
  lockedAtStart: boolean;
  title: string;
  onRename: () => void;
  token: string;
  facilitator: boolean;
  clockOffset: number;
}

function LiveBoard({ connection, identity, viewer, lockedAtStart, title, onRename, token, facilitator, clockOffset }: LiveBoardProps) {
  const { t } = useTranslation();
  const state = useExternal(connection.subscribe, connection.getState);
  const peers = usePeers(connection.awareness);
  // The server's word wins once connected; before that, what the link check said.
  const readOnly: ReadOnlyReason = viewer || state.denied === 'viewer' ? 'viewer' : state.denied === 'locked' || (lockedAtStart && !state.synced) ? 'locked' : null;
  // Shown once the server's copy is there, or this device's has something in it. The tree is the
  // one the board already read (LiveBoard renders with every presence change).
  const ready = state.synced || (state.localLoaded && !isEmpty(currentTree(connection.doc)));
  // The board mounts once there is a document to draw (this device's copy, or the server's), so a
  // large diagram is laid out and drawn once rather than empty first and again a moment later.
  // Offline with nothing on this device, it mounts empty (read only until the server answers).
  const started = ready || state.status === 'offline' || state.refused;
  return (
    <div className="app">
      <TopBar status={state.status} self={identity} peers={peers} onRename={onRename} title={title} />
      {started && <Board connection={connection} identity={identity} readOnly={readOnly} ready={ready} token={token} facilitator={facilitator} clockOffset={clockOffset} />}
      {!ready && (
        <div className="overlay" data-testid="connecting">
          <p className="spinner" aria-hidden="true" />
          <p role="status">{t('state.connecting')}</p>
        </div>
      )}
    </div>
  );
}

function safeLoadIdentity(): Identity | null {
  try {
    return loadIdentity(localStorage, identitySeed());
  } catch {
    return null;
  }
}

/** Colours the people already on this board wear, so a newcomer gets a different one. */
function coloursInUse(connection: BoardConnection): string[] {
  return readPeers(connection.awareness.getStates(), connection.awareness.clientID).map((p) => p.user.colour);
}

function safeSaveName(name: string, taken: readonly string[]): Identity | null {
  try {
    return saveName(localStorage, name, identitySeed(), taken);
  } catch {
    return { name: name.trim().slice(0, 40), colour: '#1d70a2' };
  }
}

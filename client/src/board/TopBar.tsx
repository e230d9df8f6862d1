import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../sync/connection.ts';
import type { Peer } from '../sync/presence.ts';
import type { Identity } from '../identity.ts';
import { LanguagePicker } from './LanguagePicker.tsx';

const STATUS_KEYS = {
  connected: 'connection.connected',
  connecting: 'connection.connecting',
  reconnecting: 'connection.reconnecting',
  offline: 'connection.offline',
} as const;

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${status}`} role="status" data-testid="connection" data-status={status}>
      <span className="badge__dot" aria-hidden="true" />
      <span className="badge__label">{t(STATUS_KEYS[status])}</span>
    </span>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

export function PresenceList({ self, peers, onRename }: { self: Identity | null; peers: readonly Peer[]; onRename: () => void }) {
  const { t } = useTranslation();
  const count = peers.length + (self ? 1 : 0);
  return (
    <div className="presence" data-testid="presence" data-count={count}>
      <ul className="presence__list">
        {self && (
          <li>
            <button type="button" className="avatar avatar--self" style={{ background: self.colour }} title={`${t('presence.you', { name: self.name })} — ${t('name.change')}`} aria-label={`${t('presence.you', { name: self.name })}. ${t('name.change')}`} onClick={onRename}>
              {initials(self.name)}
            </button>
          </li>
        )}
        {peers.slice(0, 8).map((peer) => (
          <li key={peer.clientId}>
            <span className="avatar" style={{ background: peer.user.colour }} title={peer.editing ? t('presence.editing', { name: peer.user.name }) : peer.user.name}>
              {initials(peer.user.name)}
            </span>
            <span className="visually-hidden">{peer.user.name}</span>
          </li>
        ))}
      </ul>
      <span className="presence__count">{t('presence.count', { count })}</span>
    </div>
  );
}

export function TopBar({ status, self, peers, onRename, title }: { status: ConnectionStatus; self: Identity | null; peers: readonly Peer[]; onRename: () => void; title: string }) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <span className="topbar__brand">{t('app.name')}</span>
      <span className="topbar__title" title={title}>
        {title}
      </span>
      <span className="topbar__spacer" />
      <ConnectionBadge status={status} />
      <PresenceList self={self} peers={peers} onRename={onRename} />
      <LanguagePicker />
    </header>
  );
}

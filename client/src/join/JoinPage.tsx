import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../board/LanguagePicker.tsx';
import { cleanName, loadIdentity, MAX_NAME_LENGTH, saveName } from '../identity.ts';
import { ApiError, getWorkshop } from '../lobby/api.ts';
import type { WorkshopInfo } from '../lobby/api.ts';
import { failureKey } from '../lobby/messages.ts';
import type { FailureKey } from '../lobby/messages.ts';
import { WrongLink } from '../overview/WrongLink.tsx';
import { usePolled } from '../overview/usePolled.ts';

interface Props {
  workshopId: string;
  token: string | null;
}

/** How often the number of people per group is refreshed while someone is choosing. */
const REFRESH_MS = 5000;

export function boardPath(workshopId: string, groupId: string, token: string): string {
  return `/w/${encodeURIComponent(workshopId)}/g/${encodeURIComponent(groupId)}#t=${token}`;
}

function storedName(): string {
  try {
    return loadIdentity(localStorage, 0)?.name ?? '';
  } catch {
    return '';
  }
}

/** `/w/<id>/join#t=<participant token>`: pick a group, say who you are, go to its board. */
export function JoinPage({ workshopId, token }: Props) {
  const { t } = useTranslation();
  const state = usePolled(token ? () => getWorkshop(workshopId, token) : null, REFRESH_MS, [workshopId, token]);
  if (!token || (state.error instanceof ApiError && state.error.kind === 'wrongLink')) return <WrongLink />;
  if (!state.value) {
    return (
      <main className="page-message" data-testid="connecting">
        {state.error ? (
          <p role="alert">{t(failureKey(state.error))}</p>
        ) : (
          <>
            <p className="spinner" aria-hidden="true" />
            <p role="status">{t('state.connecting')}</p>
          </>
        )}
      </main>
    );
  }
  return <JoinForm workshop={state.value} token={token} stale={state.error ? failureKey(state.error) : null} />;
}

function JoinForm({ workshop, token, stale }: { workshop: WorkshopInfo; token: string; stale: FailureKey | null }) {
  const { t } = useTranslation();
  const [groupId, setGroupId] = useState<string | null>(null);
  const [name, setName] = useState(storedName);
  const [problem, setProblem] = useState<'group' | 'name' | null>(null);
  useEffect(() => {
    if (groupId && !workshop.groups.some((g) => g.id === groupId)) setGroupId(null);
  }, [workshop, groupId]);
  const go = () => {
    if (!groupId) return setProblem('group');
    const clean = cleanName(name);
    if (!clean) return setProblem('name');
    try {
      saveName(localStorage, clean, Math.floor(Math.random() * 1_000_000));
    } catch {
      // Private mode: the board asks for the name again.
    }
    location.assign(boardPath(workshop.id, groupId, token));
  };
  return (
    <main className="lobby">
      <header className="lobby__header">
        <div>
          <p className="lobby__brand">{t('app.name')}</p>
          <p className="lobby__tagline">{workshop.title}</p>
        </div>
        <LanguagePicker />
      </header>
      <form
        className="lobby__card"
        noValidate
        data-testid="join-form"
        onSubmit={(e) => {
          e.preventDefault();
          go();
        }}
      >
        <h1>{t('join.title')}</h1>
        {stale && (
          <p className="form-failure" role="alert">
            {t(stale)}
          </p>
        )}
        <fieldset className="group-picker" aria-describedby={problem === 'group' ? 'group-error' : undefined}>
          <legend>{t('join.pickGroup')}</legend>
          {workshop.groups.length === 0 && <p className="muted">{t('join.noGroups')}</p>}
          {workshop.groups.map((g) => (
            <label key={g.id} className={`group-choice${groupId === g.id ? ' group-choice--selected' : ''}`} data-testid="group-choice" data-group-id={g.id}>
              <input
                type="radio"
                name="group"
                value={g.id}
                checked={groupId === g.id}
                onChange={() => {
                  setGroupId(g.id);
                  setProblem(null);
                }}
              />
              <span className="group-choice__name" lang={workshop.locale}>
                {g.name}
              </span>
              <span className="group-choice__count" data-testid="group-count">
                {t('join.here', { count: g.people })}
              </span>
              {g.locked && <span className="badge badge--locked">{t('join.locked')}</span>}
            </label>
          ))}
          {problem === 'group' && (
            <p className="field-error" id="group-error" role="alert">
              {t('join.chooseGroup')}
            </p>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="join-name">{t('name.label')}</label>
          <input
            id="join-name"
            value={name}
            maxLength={MAX_NAME_LENGTH}
            placeholder={t('name.placeholder')}
            autoComplete="name"
            aria-invalid={problem === 'name' || undefined}
            aria-describedby={problem === 'name' ? 'name-error' : undefined}
            onChange={(e) => {
              setName(e.target.value);
              if (problem === 'name') setProblem(null);
            }}
          />
          {problem === 'name' && (
            <p className="field-error" id="name-error" role="alert">
              {t('lobby.required')}
            </p>
          )}
        </div>
        <div className="lobby__actions">
          <button type="submit" className="button button--primary" data-testid="join">
            {t('join.go')}
          </button>
        </div>
      </form>
    </main>
  );
}

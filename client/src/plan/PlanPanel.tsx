import { startTransition, useEffect, useId, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { ACTION_STATUSES, MAX_ACTION_TEXT, actionPlan, addAction, deleteAction, readTree, updateAction } from '@causeway/shared';
import type { Action, ActionFields, ActionId, ActionStatus, LabelKey, NodeId, Origin, PlanEntry } from '@causeway/shared';
import { causeChoices, searchCauses } from './causes.ts';
import type { CauseChoice } from './causes.ts';
import { dateLocale, formatDue } from './dates.ts';
import { downloadPlanCsv } from './download.ts';
import { MARK_LOOK, STATUS_LABEL } from './marks.ts';
import { MarkBadge } from './MarkBadge.tsx';
import './plan.css';

export interface PlanPanelProps {
  doc: Y.Doc;
  origin: Origin;
  canEdit: boolean;
  selection: LabelKey | null;
  workshopId: string;
  groupId: string;
  token: string;
  onClose: () => void;
  onSelect?: (id: NodeId) => void;
  /**
   * Optional (beyond the contract): undoes this person's last change through the board's undo
   * manager. When given, a deleted action can be brought back from the panel (button, Ctrl+Z).
   */
  onUndo?: () => void;
}

/**
 * Reading the plan and the tree takes a few milliseconds at 500 causes: while someone types on
 * the canvas, the panel catches up at most this often, in a transition React can interrupt.
 */
const REFRESH_MS = 150;

/**
 * A counter that moves after changes of the document (at most once per REFRESH_MS), and
 * `refresh` for the panel's own writes, shown at once so a field never flashes its old value.
 */
function useDocVersion(doc: Y.Doc): { version: number; refresh: () => void } {
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const bump = () => {
      timer.current ??= setTimeout(() => {
        timer.current = null;
        startTransition(() => setVersion((v) => v + 1));
      }, REFRESH_MS);
    };
    doc.on('update', bump);
    return () => {
      doc.off('update', bump);
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [doc]);
  const refresh = useMemo(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      setVersion((v) => v + 1);
    },
    [],
  );
  return { version, refresh };
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');
}

/**
 * Whether Ctrl+Z is the field's own (text not written yet) rather than the board's Undo. Fields of
 * an action whose changes are already in the document (`data-board-undo`) hand it to the board,
 * so after a delete, with focus on the next action's text, Ctrl+Z brings the action back.
 */
function ownsUndo(target: EventTarget | null): boolean {
  return isTyping(target) && (target as HTMLElement).dataset.boardUndo === undefined;
}

/**
 * The "Implementation plan" (M-F10): every cause with actions, in plan order (mark, revealed
 * votes, document order), each action editable in place; actions are added to the selected cause
 * or one found by name. Live: it follows every change of the document (REFRESH_MS). Printing shows a plain
 * version of the plan (a portal into <body>, the only thing printed while the panel is open).
 */
export function PlanPanel(p: PlanPanelProps) {
  const { t, i18n } = useTranslation();
  const { version, refresh } = useDocVersion(p.doc);
  // `version` stands for the document's state.
  const plan = useMemo(() => actionPlan(p.doc), [p.doc, version]);
  const tree = useMemo(() => readTree(p.doc), [p.doc, version]);
  const choices = useMemo(() => causeChoices(tree), [tree]);
  const [status, setStatus] = useState<{ text: string; undo: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  const rootRef = useRef<HTMLElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const empty = t('canvas.emptyLabel');
  const labelOf = (text: string) => (text.trim() === '' ? empty : text);

  // After a delete, focus goes to the next action (or the title), not to <body>.
  useEffect(() => {
    if (focusAfter === null) return;
    const el = focusAfter === '' ? null : rootRef.current?.querySelector<HTMLElement>(`[data-action="${CSS.escape(focusAfter)}"] .plan__what`);
    (el ?? titleRef.current)?.focus();
    setFocusAfter(null);
  }, [focusAfter, plan]);

  const update = (id: ActionId, patch: Partial<ActionFields>) => {
    if (!p.canEdit) return;
    updateAction(p.doc, id, patch, p.origin);
    refresh();
  };

  const remove = (action: Action) => {
    if (!p.canEdit) return;
    const flat = plan.flatMap((e) => e.actions);
    const at = flat.findIndex((a) => a.id === action.id);
    const next = flat[at + 1] ?? flat[at - 1];
    deleteAction(p.doc, action.id, p.origin);
    refresh();
    setStatus({ text: p.onUndo ? t('plan.deletedUndo') : t('plan.deleted'), undo: p.onUndo !== undefined });
    setFocusAfter(next?.id ?? '');
  };

  const download = async () => {
    setBusy(true);
    setStatus(null);
    try {
      await downloadPlanCsv(p.workshopId, p.groupId, p.token, i18n.language, tree.problem);
    } catch (err) {
      console.warn('actions.csv download failed', err);
      setStatus({ text: t('plan.downloadFailed'), undo: false });
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'Escape' && !isTyping(e.target)) {
      e.preventDefault();
      p.onClose();
    } else if (mod && !e.shiftKey && (e.key === 'z' || e.key === 'Z') && p.onUndo && !ownsUndo(e.target)) {
      e.preventDefault();
      p.onUndo();
    }
  };

  const count = plan.reduce((n, e) => n + e.actions.length, 0);

  return (
    <aside className="plan" aria-labelledby="plan-title" data-testid="plan" ref={rootRef} onKeyDown={onKeyDown}>
      <header className="plan__head">
        <h2 id="plan-title" className="plan__title" tabIndex={-1} ref={titleRef}>
          {t('plan.title')}
        </h2>
        <button type="button" className="plan__close" aria-label={t('plan.close')} title={t('plan.close')} onClick={p.onClose}>
          ×
        </button>
      </header>
      <div className="plan__tools">
        <button type="button" className="button" onClick={() => void download()} disabled={busy || count === 0} data-testid="plan-csv">
          {busy ? t('plan.downloading') : t('plan.downloadCsv')}
        </button>
        <button type="button" className="button" onClick={() => window.print()} disabled={count === 0}>
          {t('plan.print')}
        </button>
      </div>
      <div className="plan__status" role="status" aria-live="polite" data-testid="plan-status">
        {status && (
          <>
            {status.text}
            {status.undo && p.onUndo && (
              <button
                type="button"
                className="plan__link-button"
                onClick={() => {
                  p.onUndo?.();
                  setStatus(null);
                }}
              >
                {t('plan.undo')}
              </button>
            )}
          </>
        )}
      </div>
      {plan.length === 0 && (
        <p className="plan__empty" data-testid="plan-empty">
          {p.canEdit ? t('plan.empty') : t('plan.emptyReadOnly')}
        </p>
      )}
      {p.canEdit && (
        <AddAction
          doc={p.doc}
          origin={p.origin}
          selection={p.selection}
          choices={choices}
          labelOf={labelOf}
          onAdded={(cause) => {
            refresh();
            setStatus({ text: t('plan.added', { cause: labelOf(cause.text) }), undo: false });
          }}
        />
      )}
      <div className="plan__body">
        {plan.length > 0 && (
          <ol className="plan__entries" aria-label={t('plan.listLabel')}>
            {plan.map((entry) => (
              <PlanCause key={entry.cause} entry={entry} selected={entry.cause === p.selection} canEdit={p.canEdit} labelOf={labelOf} onSelect={p.onSelect} onUpdate={update} onDelete={remove} />
            ))}
          </ol>
        )}
      </div>
      {createPortal(<PrintView problem={tree.problem} plan={plan} labelOf={labelOf} />, document.body)}
    </aside>
  );
}

function EntryMeta({ entry, labelOf }: { entry: PlanEntry; labelOf: (text: string) => string }) {
  const { t } = useTranslation();
  return (
    <p className="plan__meta">
      <span>{t('plan.category', { name: labelOf(entry.category) })}</span>
      {entry.priority !== null && <MarkBadge mark={entry.priority} />}
      {entry.votes > 0 && <span className="plan__votes">{t('plan.votes', { count: entry.votes })}</span>}
    </p>
  );
}

interface PlanCauseProps {
  entry: PlanEntry;
  /** The cause selected on the board: its card is marked and brought into view. */
  selected: boolean;
  canEdit: boolean;
  labelOf: (text: string) => string;
  onSelect?: (id: NodeId) => void;
  onUpdate: (id: ActionId, patch: Partial<ActionFields>) => void;
  onDelete: (action: Action) => void;
}

function PlanCause({ entry, selected, canEdit, labelOf, onSelect, onUpdate, onDelete }: PlanCauseProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const el = ref.current;
    // Not while someone works in the panel: the list must not move under their hands.
    if (selected && el && !el.closest('.plan')?.contains(document.activeElement)) el.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const text = labelOf(entry.text);
  const look = entry.priority === null ? null : MARK_LOOK[entry.priority];
  return (
    <li
      ref={ref}
      className={`plan__entry ${selected ? 'is-selected' : ''}`}
      data-cause={entry.cause}
      aria-labelledby={headingId}
      aria-current={selected ? 'true' : undefined}
      style={look ? { borderLeftColor: look.fill } : undefined}
    >
      <h3 className="plan__cause" id={headingId}>
        {onSelect ? (
          <button type="button" className="plan__cause-button" onClick={() => onSelect(entry.cause)} title={t('plan.showCause')}>
            {text}
          </button>
        ) : (
          text
        )}
      </h3>
      <EntryMeta entry={entry} labelOf={labelOf} />
      <ul className="plan__actions">
        {entry.actions.map((action, i) => (
          <li key={action.id} className={`plan__action plan__action--${action.status}`} data-action={action.id} aria-label={t('plan.actionLabel', { n: i + 1, cause: text })}>
            {canEdit ? (
              <>
                <div className="plan__what-row">
                  <TextField
                    className="plan__what"
                    label={t('plan.what')}
                    placeholder={t('plan.whatPlaceholder')}
                    value={action.what}
                    onCommit={(what) => onUpdate(action.id, { what })}
                  />
                  <button type="button" className="plan__delete" aria-label={t('plan.deleteNamed', { what: action.what || t('plan.whatPlaceholder') })} title={t('plan.delete')} onClick={() => onDelete(action)}>
                    <TrashIcon />
                  </button>
                </div>
                <div className="plan__fields">
                  <TextField className="plan__owner" label={t('plan.owner')} placeholder={t('plan.owner')} value={action.owner} onCommit={(owner) => onUpdate(action.id, { owner })} />
                  <input
                    type="date"
                    className="plan__due"
                    aria-label={t('plan.due')}
                    title={t('plan.due')}
                    value={action.due}
                    onChange={(e) => onUpdate(action.id, { due: e.target.value })}
                    data-board-undo=""
                  />
                  <select className="plan__state" data-board-undo="" aria-label={t('plan.status')} title={t('plan.status')} value={action.status} onChange={(e) => onUpdate(action.id, { status: e.target.value as ActionStatus })}>
                    {ACTION_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(STATUS_LABEL[s])}
                      </option>
                    ))}
                  </select>
                </div>
              </>
            ) : (
              <ReadOnlyAction action={action} />
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

function TrashIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round">
      <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.7 6.5v5M9.3 6.5v5" />
    </svg>
  );
}

function ReadOnlyAction({ action }: { action: Action }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <p className="plan__what-text">{action.what}</p>
      <p className="plan__fields-text">
        {action.owner !== '' && <span>{t('plan.ownerIs', { owner: action.owner })}</span>}
        {action.due !== '' && <span>{t('plan.dueIs', { due: formatDue(action.due, dateLocale(i18n.language, navigator.languages)) })}</span>}
        <span className={`plan__status-chip plan__status-chip--${action.status}`}>{t(STATUS_LABEL[action.status])}</span>
      </p>
    </>
  );
}

/**
 * A text field that writes to the document when it is left or Enter is pressed (one change per
 * edit, not per keystroke); Escape puts back the text from before. Shows peers' changes when idle.
 */
function TextField({ value, label, placeholder, className, onCommit }: { value: string; label: string; placeholder: string; className: string; onCommit: (text: string) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
  };
  return (
    <input
      type="text"
      className={className}
      aria-label={label}
      placeholder={placeholder}
      maxLength={MAX_ACTION_TEXT}
      value={draft ?? value}
      data-board-undo={draft === null || draft === value ? '' : undefined}
      onFocus={() => setDraft(value)}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => {
        commit();
        setDraft(null);
      }}
      onKeyDown={(e) => {
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        } else if (e.key === 'Escape' && draft !== null && draft !== value) {
          e.preventDefault();
          e.stopPropagation();
          setDraft(value);
        }
      }}
    />
  );
}

interface AddActionProps {
  doc: Y.Doc;
  origin: Origin;
  selection: LabelKey | null;
  choices: readonly CauseChoice[];
  labelOf: (text: string) => string;
  onAdded: (cause: CauseChoice) => void;
}

/** The form that adds an action: the cause (the board's selection, or found by name), what, owner, due date. */
function AddAction({ doc, origin, selection, choices, labelOf, onAdded }: AddActionProps) {
  const { t } = useTranslation();
  const [cause, setCause] = useState<NodeId | null>(selection !== null && selection !== 'problem' ? selection : null);
  const [what, setWhat] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const whatRef = useRef<HTMLInputElement>(null);
  // The board's selection picks the cause, whenever it moves to a category or cause.
  useEffect(() => {
    if (selection !== null && selection !== 'problem') setCause(selection);
  }, [selection]);
  const chosen = choices.find((c) => c.id === cause) ?? null;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (chosen === null) return setProblem(t('plan.pickCause'));
    if (what.trim() === '') {
      setProblem(t('plan.needWhat'));
      whatRef.current?.focus();
      return;
    }
    const id = addAction(doc, chosen.id, { what: what.trim(), owner: owner.trim(), due }, origin);
    if (id === null) return setProblem(t('plan.pickCause'));
    setProblem(null);
    setWhat('');
    setOwner('');
    setDue('');
    onAdded(chosen);
    whatRef.current?.focus();
  };

  return (
    <form className="plan__add" onSubmit={submit} aria-labelledby="plan-add-title" noValidate>
      <h3 id="plan-add-title" className="plan__add-title">
        {t('plan.addTitle')}
      </h3>
      <CausePicker choices={choices} chosen={chosen} labelOf={labelOf} onPick={(c) => {
        setCause(c.id);
        setProblem(null);
        whatRef.current?.focus();
      }} />
      <label className="plan__label">
        <span>{t('plan.what')}</span>
        <input ref={whatRef} type="text" value={what} maxLength={MAX_ACTION_TEXT} placeholder={t('plan.whatPlaceholder')} onChange={(e) => setWhat(e.target.value)} data-testid="plan-new-what" />
      </label>
      <div className="plan__add-row">
        <label className="plan__label">
          <span>{t('plan.owner')}</span>
          <input type="text" value={owner} maxLength={MAX_ACTION_TEXT} onChange={(e) => setOwner(e.target.value)} />
        </label>
        <label className="plan__label">
          <span>{t('plan.due')}</span>
          <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <button type="submit" className="button button--primary plan__add-button">
          {t('plan.add')}
        </button>
      </div>
      {problem && (
        <p className="plan__problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

/** WAI-ARIA combobox with a list: type to search every category and cause, arrows and Enter to pick. */
function CausePicker({ choices, chosen, labelOf, onPick }: { choices: readonly CauseChoice[]; chosen: CauseChoice | null; labelOf: (text: string) => string; onPick: (c: CauseChoice) => void }) {
  const { t } = useTranslation();
  const listId = useId();
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => (open ? searchCauses(choices, query ?? '').slice(0, 60) : []), [open, choices, query]);
  const activeChoice = matches[Math.min(active, matches.length - 1)];
  const optionId = (c: CauseChoice) => `${listId}-${c.id}`;
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (activeChoice) listRef.current?.querySelector(`[id="${CSS.escape(optionId(activeChoice))}"]`)?.scrollIntoView({ block: 'nearest' });
  });

  const pick = (c: CauseChoice) => {
    setOpen(false);
    setQuery(null);
    onPick(c);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
      } else setActive((a) => Math.max(0, Math.min(matches.length - 1, Math.min(a, matches.length - 1) + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && activeChoice) pick(activeChoice);
      else setOpen(true);
    } else if (e.key === 'Escape' && (open || query !== null)) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setQuery(null);
    }
  };
  const shown = query ?? (chosen ? labelOf(chosen.text) : '');
  return (
    <div className="plan__picker">
      <label className="plan__label">
        <span>{t('plan.cause')}</span>
        <input
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && activeChoice ? optionId(activeChoice) : undefined}
          placeholder={t('plan.causeSearch')}
          value={shown}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onFocus={(e) => e.target.select()}
          onBlur={() => {
            setOpen(false);
            setQuery(null);
          }}
          onClick={() => setOpen(true)}
          data-testid="plan-cause"
        />
      </label>
      {chosen && chosen.path.length > 0 && query === null && <p className="plan__path">{chosen.path.map(labelOf).join(' › ')}</p>}
      <ul id={listId} role="listbox" ref={listRef} aria-label={t('plan.cause')} className="plan__options" hidden={!open}>
        {open && matches.length === 0 && <li className="plan__no-match">{t('plan.noCauseMatch')}</li>}
        {matches.map((c) => (
          <li
            key={c.id}
            id={optionId(c)}
            role="option"
            aria-selected={c === activeChoice}
            className={`plan__option ${c === activeChoice ? 'is-active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(c);
            }}
          >
            <span className="plan__option-text">{labelOf(c.text)}</span>
            {c.path.length > 0 && <span className="plan__option-path">{c.path.map(labelOf).join(' › ')}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What paper gets: the plan as plain tables, one per cause. */
function PrintView({ problem, plan, labelOf }: { problem: string; plan: readonly PlanEntry[]; labelOf: (text: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="plan-print" aria-hidden="true">
      <h1>{t('plan.title')}</h1>
      {problem.trim() !== '' && <p className="plan-print__problem">{problem}</p>}
      {plan.map((entry) => (
        <section key={entry.cause} className="plan-print__entry">
          <h2>{labelOf(entry.text)}</h2>
          <EntryMeta entry={entry} labelOf={labelOf} />
          <table>
            <colgroup>
              <col className="plan-print__what" />
              <col className="plan-print__owner" />
              <col className="plan-print__due" />
              <col className="plan-print__status" />
            </colgroup>
            <thead>
              <tr>
                <th>{t('plan.what')}</th>
                <th>{t('plan.owner')}</th>
                <th>{t('plan.due')}</th>
                <th>{t('plan.status')}</th>
              </tr>
            </thead>
            <tbody>
              {entry.actions.map((a) => (
                <tr key={a.id}>
                  <td>{a.what}</td>
                  <td>{a.owner}</td>
                  <td>{formatDue(a.due, dateLocale(i18n.language, navigator.languages))}</td>
                  <td>{t(STATUS_LABEL[a.status])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale, LOCALES, TEMPLATES } from '@causeway/shared';
import type { Locale } from '@causeway/shared';
import { LanguagePicker } from '../board/LanguagePicker.tsx';
import { ApiError, createWorkshop } from './api.ts';
import type { CreatedWorkshop } from './api.ts';
import { fieldOfPath, groupNames, MAX_GROUP_NAME, MAX_GROUPS, validateWorkshopForm } from './form.ts';
import type { FieldError, FormField, FormProblem, WorkshopForm } from './form.ts';
import { LinksPanel } from './LinksPanel.tsx';
import { failureKey } from './messages.ts';

const LOCALE_NAMES: Record<Locale, 'language.en' | 'language.pl' | 'language.bg' | 'language.lv' | 'language.hu'> = {
  en: 'language.en',
  pl: 'language.pl',
  bg: 'language.bg',
  lv: 'language.lv',
  hu: 'language.hu',
};

const PROBLEM_TEXT: Record<FormProblem, 'lobby.required' | 'lobby.tooLong' | 'lobby.range' | 'lobby.nameTooLong' | 'lobby.unknown'> = {
  required: 'lobby.required',
  tooLong: 'lobby.tooLong',
  range: 'lobby.range',
  nameTooLong: 'lobby.nameTooLong',
  unknown: 'lobby.unknown',
};

/** `/`: a facilitator creates a workshop, then gets its links. */
export function LobbyPage() {
  const { t } = useTranslation();
  const [created, setCreated] = useState<CreatedWorkshop | null>(null);
  return (
    <main className="lobby">
      <header className="lobby__header">
        <div>
          <p className="lobby__brand">{t('app.name')}</p>
          <p className="lobby__tagline">{t('app.tagline')}</p>
        </div>
        <LanguagePicker />
      </header>
      {created ? <CreatedView workshop={created} onAnother={() => setCreated(null)} /> : <CreateForm onCreated={setCreated} />}
    </main>
  );
}

function CreateForm({ onCreated }: { onCreated: (w: CreatedWorkshop) => void }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<WorkshopForm>(() => ({
    title: '',
    locale: isLocale(i18n.language) ? i18n.language : 'en',
    template: 'public-administration',
    count: '4',
    names: '',
    problem: '',
  }));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const locale: Locale = isLocale(form.locale) ? form.locale : 'en';
  const template = TEMPLATES.find((tpl) => tpl.id === form.template);
  const names = groupNames(form.names);
  const set = (field: keyof WorkshopForm) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [field]: e.target.value }));
    setErrors((list) => list.filter((err) => err.field !== field));
  };
  const errorOf = (field: FormField) => errors.find((e) => e.field === field);
  const errorText = (field: FormField) => {
    const err = errorOf(field);
    if (!err) return null;
    return (
      <p className="field-error" id={`${field}-error`} data-testid={`error-${field}`}>
        {t(PROBLEM_TEXT[err.problem], { max: err.problem === 'nameTooLong' ? MAX_GROUP_NAME : MAX_GROUPS })}
      </p>
    );
  };
  const invalid = (field: FormField) => (errorOf(field) ? { 'aria-invalid': true, 'aria-describedby': `${field}-error` } : {});

  const submit = async () => {
    setFailure(null);
    const checked = validateWorkshopForm(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      document.getElementById(`field-${checked.errors[0]!.field}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      onCreated(await createWorkshop(checked.body));
    } catch (err) {
      console.error('Creating the workshop failed:', err);
      if (err instanceof ApiError && err.kind === 'invalid') {
        const fields = err.details.map((d) => fieldOfPath(d.path)).filter((f): f is FormField => f !== null);
        if (fields.length > 0) setErrors(fields.map((field) => ({ field, problem: field === 'names' ? 'range' : 'tooLong' })));
        else setFailure(t('failure.server'));
      } else setFailure(t(failureKey(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="lobby__card"
      noValidate
      data-testid="create-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1>{t('lobby.title')}</h1>
      <p className="muted">{t('lobby.intro')}</p>

      <div className="field">
        <label htmlFor="field-title">{t('lobby.workshopTitle')}</label>
        <input id="field-title" value={form.title} onChange={set('title')} placeholder={t('lobby.titlePlaceholder')} maxLength={250} autoComplete="off" {...invalid('title')} />
        {errorText('title')}
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor="field-locale">{t('lobby.locale')}</label>
          <select id="field-locale" value={form.locale} onChange={set('locale')}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(LOCALE_NAMES[l])}
              </option>
            ))}
          </select>
          <p className="hint">{t('lobby.localeHint')}</p>
          {errorText('locale')}
        </div>
        <div className="field">
          <label htmlFor="field-template">{t('lobby.template')}</label>
          <select id="field-template" value={form.template} onChange={set('template')} lang={locale}>
            {TEMPLATES.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.name[locale]}
              </option>
            ))}
          </select>
          <p className="hint" lang={locale} data-testid="template-categories">
            {template && template.categories[locale].length > 0 ? t('lobby.categories', { list: template.categories[locale].join(', ') }) : t('lobby.noCategories')}
          </p>
          {errorText('template')}
        </div>
      </div>

      <div className="field-row">
        <div className="field field--narrow">
          <label htmlFor="field-count">{t('lobby.count')}</label>
          <input id="field-count" type="number" min={1} max={MAX_GROUPS} value={names.length > 0 ? String(names.length) : form.count} disabled={names.length > 0} onChange={set('count')} {...invalid('count')} />
          {errorText('count')}
        </div>
        <div className="field">
          <label htmlFor="field-names">{t('lobby.names')}</label>
          <textarea id="field-names" rows={6} value={form.names} onChange={set('names')} lang={locale} {...invalid('names')} />
          {names.length > 0 && <p className="hint">{t('lobby.namesHint', { count: names.length })}</p>}
          {errorText('names')}
        </div>
      </div>

      <div className="field">
        <label htmlFor="field-problem">{t('lobby.problem')}</label>
        <input id="field-problem" value={form.problem} onChange={set('problem')} placeholder={t('lobby.problemPlaceholder')} lang={locale} autoComplete="off" {...invalid('problem')} />
        <p className="hint">{t('lobby.problemHint')}</p>
        {errorText('problem')}
      </div>

      {failure && (
        <p className="form-failure" role="alert" data-testid="failure">
          {failure}
        </p>
      )}
      <div className="lobby__actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="create">
          {busy ? t('lobby.creating') : t('lobby.create')}
        </button>
      </div>
      <p className="muted lobby__participant-hint">{t('app.homeHint')}</p>
    </form>
  );
}

function CreatedView({ workshop, onAnother }: { workshop: CreatedWorkshop; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="lobby__card lobby__card--wide" data-testid="created" aria-labelledby="created-title">
      <h1 id="created-title">{t('result.title')}</h1>
      <p className="lobby__workshop-title">{workshop.title}</p>
      <LinksPanel links={workshop.links} />
      <div className="lobby__actions">
        <a className="button button--primary" href={workshop.links.facilitator} data-testid="open-overview">
          {t('result.openOverview')}
        </a>
        <button type="button" className="button" onClick={onAnother}>
          {t('result.another')}
        </button>
      </div>
    </section>
  );
}

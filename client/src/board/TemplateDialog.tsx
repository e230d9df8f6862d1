import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale, readTree, replaceDiagram, templateCategories, templateName, TEMPLATES } from '@causeway/shared';
import type { Origin, TemplateId } from '@causeway/shared';
import type * as Y from 'yjs';
import { Dialog } from './dialogs.tsx';

interface Props {
  onClose: () => void;
  onCreate: (apply: (doc: Y.Doc, origin: Origin) => void) => void;
}

/** New diagram from a shared template in the UI language (or blank); the problem is kept. */
export function TemplateDialog({ onClose, onCreate }: Props) {
  const { t, i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const [template, setTemplate] = useState<TemplateId>('public-administration');
  return (
    <Dialog title={t('template.title')} onClose={onClose}>
      <p>{t('template.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onCreate((doc, origin) => {
            const problem = readTree(doc).problem;
            const categories = templateCategories(template, locale).map((text) => ({ text, children: [] }));
            replaceDiagram(doc, { problem, categories }, origin);
          });
        }}
      >
        <div className="template-list" role="radiogroup" aria-label={t('template.title')}>
          {TEMPLATES.map((tpl) => (
            <label key={tpl.id} className={`template ${template === tpl.id ? 'is-selected' : ''}`}>
              <input type="radio" name="template" value={tpl.id} checked={template === tpl.id} onChange={() => setTemplate(tpl.id)} data-testid={`template-${tpl.id}`} />
              <span className="template__name">{templateName(tpl.id, locale)}</span>
              <span className="template__categories">{templateCategories(tpl.id, locale).join(' · ')}</span>
            </label>
          ))}
        </div>
        <div className="dialog__actions">
          <button type="button" onClick={onClose}>
            {t('template.cancel')}
          </button>
          <button type="submit" className="primary" data-testid="template-create">
            {t('template.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

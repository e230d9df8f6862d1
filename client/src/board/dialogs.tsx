import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_NAME_LENGTH } from '../identity.ts';

/** A modal dialog: focus moves in, Escape closes (when it may), focus returns afterwards. */
export function Dialog({ title, onClose, children, labelledBy = 'dialog-title' }: { title: string; onClose?: () => void; children: React.ReactNode; labelledBy?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, textarea, select, button');
    first?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose?.()}>
      <div
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape' && onClose) onClose();
        }}
      >
        <h2 id={labelledBy}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export function NameDialog({ initial, onSubmit, onClose }: { initial: string; onSubmit: (name: string) => void; onClose?: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  return (
    <Dialog title={t('name.title')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSubmit(name);
        }}
      >
        <label className="field">
          <span>{t('name.label')}</span>
          <input data-testid="name-input" value={name} maxLength={MAX_NAME_LENGTH} placeholder={t('name.placeholder')} autoComplete="nickname" onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="dialog__actions">
          <button type="submit" className="primary" disabled={!name.trim()} data-testid="name-submit">
            {t('name.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('shortcuts.title')} onClose={onClose}>
      <ul className="shortcuts">
        <li>{t('shortcuts.enter')}</li>
        <li>{t('shortcuts.tab')}</li>
        <li>{t('shortcuts.shiftTab')}</li>
        <li>{t('shortcuts.edit')}</li>
        <li>{t('shortcuts.escape')}</li>
        <li>{t('shortcuts.arrows')}</li>
        <li>{t('shortcuts.altArrows')}</li>
        <li>{t('shortcuts.delete')}</li>
        <li>{t('shortcuts.undo')}</li>
        <li>{t('shortcuts.zoom')}</li>
        <li>{t('shortcuts.vote')}</li>
        <li>{t('shortcuts.link')}</li>
        <li>{t('shortcuts.mark')}</li>
      </ul>
      <div className="dialog__actions">
        <button type="button" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </div>
    </Dialog>
  );
}

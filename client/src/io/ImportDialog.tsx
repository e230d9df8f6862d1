import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseJson, parseMarkdown, parseMermaid, replaceDiagram } from '@causeway/shared';
import type { DiagramTree, FormatError, Origin, ParseResult } from '@causeway/shared';
import type * as Y from 'yjs';
import { Dialog } from '../board/dialogs.tsx';
import { detectFormat, errorKey } from './formats.ts';
import type { ImportFormat } from './formats.ts';

interface Props {
  onClose: () => void;
  onImport: (apply: (doc: Y.Doc, origin: Origin) => void) => void;
}

function parse(text: string, format: ImportFormat): ParseResult {
  switch (format) {
    case 'json':
      return parseJson(text);
    case 'markdown':
      return parseMarkdown(text);
    case 'mermaid':
      return parseMermaid(text);
  }
}

/** Import by file or paste; every validator error shown with its place, in the user's language. */
export function ImportDialog({ onClose, onImport }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [format, setFormat] = useState<ImportFormat | 'auto'>('auto');
  const [errors, setErrors] = useState<FormatError[]>([]);

  const submit = (content: string, chosen: ImportFormat | 'auto', fileName?: string) => {
    const result = parse(content, chosen === 'auto' ? detectFormat(content, fileName) : chosen);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    const tree: DiagramTree = result.tree;
    onImport((doc, origin) => replaceDiagram(doc, tree, origin));
  };

  return (
    <Dialog title={t('importing.title')} onClose={onClose}>
      <p>{t('importing.intro')}</p>
      <label className="field">
        <span>{t('importing.file')}</span>
        <input
          type="file"
          accept=".json,.md,.markdown,.mmd,.txt,application/json,text/markdown,text/plain"
          data-testid="import-file"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            const content = await file.text();
            setText(content);
            submit(content, format, file.name);
          }}
        />
      </label>
      <label className="field">
        <span>{t('importing.paste')}</span>
        <textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} data-testid="import-text" spellCheck={false} />
      </label>
      <label className="field field--inline">
        <span>{t('importing.format')}</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as ImportFormat | 'auto')}>
          <option value="auto">{t('importing.auto')}</option>
          <option value="json">{t('importing.json')}</option>
          <option value="markdown">{t('importing.markdown')}</option>
          <option value="mermaid">{t('importing.mermaid')}</option>
        </select>
      </label>
      {errors.length > 0 && (
        <div className="import-errors" role="alert" data-testid="import-errors">
          <p>{t('importing.errorsTitle')}</p>
          <ul>
            {errors.slice(0, 50).map((error, i) => (
              <li key={i}>{t('importing.errorAt', { path: error.path, message: t(errorKey(error.code), error.params ?? {}) })}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="dialog__actions">
        <button type="button" onClick={onClose}>
          {t('importing.cancel')}
        </button>
        <button type="button" className="primary" disabled={!text.trim()} onClick={() => submit(text, format)} data-testid="import-submit">
          {t('importing.submit')}
        </button>
      </div>
    </Dialog>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_FRAME_BYTES, parseJson, parseMarkdown, parseMermaid, replaceDiagram } from '@causeway/shared';
import type { DiagramTree, FormatError, Origin, ParseResult } from '@causeway/shared';
import * as Y from 'yjs';
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

/** A chosen file longer than this (characters) is imported without being shown in the text field. */
const SHOWN_FILE_CHARS = 100_000;

/** Room left in a message for its sync framing. */
const FRAMING_BYTES = 1024;

/** The size of the change an import sends: the diagram written into an empty document. */
function changeBytes(tree: DiagramTree): number {
  const scratch = new Y.Doc();
  try {
    replaceDiagram(scratch, tree);
    return Y.encodeStateAsUpdate(scratch).length;
  } finally {
    scratch.destroy();
  }
}

const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

/** Import by file or paste; every validator error shown with its place, in the user's language. */
export function ImportDialog({ onClose, onImport }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [format, setFormat] = useState<ImportFormat | 'auto'>('auto');
  const [errors, setErrors] = useState<FormatError[]>([]);
  const [tooLarge, setTooLarge] = useState<number | null>(null);

  const submit = (content: string, chosen: ImportFormat | 'auto', fileName?: string) => {
    const result = parse(content, chosen === 'auto' ? detectFormat(content, fileName) : chosen);
    setTooLarge(null);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    const tree: DiagramTree = result.tree;
    // One change the server would refuse (1009) would be sent again on every reconnect, forever.
    const bytes = changeBytes(tree);
    if (bytes > MAX_FRAME_BYTES - FRAMING_BYTES) {
      setErrors([]);
      setTooLarge(bytes);
      return;
    }
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
            // Shown to be fixed by hand when it is small; laying out megabytes of text in the field
            // took Chromium ~15 s, with the dialog frozen.
            setText(content.length <= SHOWN_FILE_CHARS ? content : '');
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
      {tooLarge !== null && (
        <p className="import-errors" role="alert" data-testid="import-too-large">
          {t('importing.tooLarge', { size: megabytes(tooLarge), limit: megabytes(MAX_FRAME_BYTES) })}
        </p>
      )}
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

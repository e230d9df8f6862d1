import { useEffect, useLayoutEffect, useRef } from 'react';
import type { DrawLabel } from '@causeway/shared';
import { rebaseCaret } from './caret.ts';
import type { View } from './DiagramCanvas.tsx';

export type EditorExit = 'commit' | 'cancel' | 'tab' | 'shift-tab' | 'blur';

interface Props {
  label: DrawLabel;
  view: View;
  /** The label's current text in the document. */
  text: string;
  /** The text to start with (a typed first character replaces the label). */
  initial: string;
  ariaLabel: string;
  onChange: (text: string) => void;
  onExit: (how: EditorExit) => void;
}

/**
 * The in-place editor: an HTML textarea exactly over the label (same font, size, wrap and zoom),
 * writing every keystroke to the label's Y.Text so others see typing live. Remote edits to the
 * same label are merged in and the caret stays where it was in the text.
 */
export function LabelEditor({ label, view, text, initial, ariaLabel, onChange, onExit }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const exited = useRef(false);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.value = initial;
    if (initial !== text) onChange(initial);
    el.focus({ preventScroll: true });
    el.setSelectionRange(initial.length, initial.length);
    // Runs once per editing session; later text changes arrive through the effect below.
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || el.value === text) return;
    const before = el.value;
    const start = rebaseCaret(before, text, el.selectionStart);
    const end = rebaseCaret(before, text, el.selectionEnd);
    el.value = text;
    el.setSelectionRange(start, end);
  }, [text]);

  const exit = (how: EditorExit) => {
    if (exited.current) return;
    exited.current = true;
    onExit(how);
  };

  const s = view.scale;
  const style: React.CSSProperties = {
    left: view.x + label.x * s,
    top: view.y + label.y * s,
    width: Math.max(label.width * s, 40),
    height: Math.max(label.height * s, label.fontSize * label.lineHeight * s),
    paddingTop: label.textY * s,
    paddingLeft: label.textX * s,
    paddingRight: label.textX * s,
    fontFamily: `"${label.fontFamily}", sans-serif`,
    fontSize: label.fontSize * s,
    fontWeight: label.fontStyle === 'bold' ? 700 : 400,
    lineHeight: `${label.fontSize * label.lineHeight * s}px`,
    textAlign: label.align,
    color: label.kind === 'head' ? '#ffffff' : '#1f2933',
    background: label.fill ?? 'rgba(255,255,255,0.92)',
    borderRadius: label.cornerRadius * s,
  };

  return (
    <textarea
      ref={ref}
      className="label-editor"
      data-testid="label-editor"
      aria-label={ariaLabel}
      style={style}
      spellCheck
      rows={1}
      onChange={(e) => onChange(e.target.value.replace(/\r?\n/g, ' '))}
      onBlur={() => exit('blur')}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          exit('commit');
        } else if (e.key === 'Escape') {
          e.preventDefault();
          exit('cancel');
        } else if (e.key === 'Tab') {
          e.preventDefault();
          exit(e.shiftKey ? 'shift-tab' : 'tab');
        }
      }}
    />
  );
}

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeCommand } from './Toolbar.tsx';

export interface ExtraItem {
  key: string;
  label: string;
  enabled: boolean;
  /** For a choice among several (the marks): shown as a checked radio item. */
  checked?: boolean;
  /** Drawn before the label (a mark's badge). */
  icon?: React.ReactNode;
  testId?: string;
  onSelect: () => void;
}

export interface MenuSection {
  key: string;
  heading?: string;
  items: ExtraItem[];
}

interface Props {
  x: number;
  y: number;
  isProblem: boolean;
  canEdit: boolean;
  onCommand: (name: NodeCommand) => void;
  onClose: () => void;
  /** Facilitation sections after the editing commands (vote, marks, links). */
  sections?: readonly MenuSection[];
  /** Show only this section, focused (the `M` key opens just the marks). */
  focusSection?: string;
}

/** The right-click menu: every node action for mouse users, reachable with the arrow keys too. */
export function ContextMenu({ x, y, isProblem, canEdit, onCommand, onClose, sections = [], focusSection }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLUListElement>(null);
  // A menu opened near the bottom or right edge moves up or left so all of it is on screen.
  const [at, setAt] = useState({ left: x, top: y });
  useLayoutEffect(() => {
    const menu = ref.current;
    const parent = menu?.offsetParent as HTMLElement | null;
    if (!menu || !parent) return setAt({ left: x, top: y });
    const top = Math.max(4, Math.min(y, parent.clientHeight - menu.offsetHeight - 4));
    const left = Math.max(4, Math.min(x, parent.clientWidth - menu.offsetWidth - 4));
    setAt({ left, top });
  }, [x, y]);
  useEffect(() => {
    const scope = focusSection ? ref.current?.querySelector(`[data-section="${focusSection}"]`) : null;
    (scope?.querySelector<HTMLButtonElement>('button:not(:disabled)') ?? ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)'))?.focus();
  }, [focusSection]);
  const items: { name: NodeCommand; label: string; enabled: boolean }[] = [
    { name: 'edit', label: t('toolbar.edit'), enabled: canEdit },
    { name: 'addChild', label: isProblem ? t('toolbar.addCategory') : t('toolbar.addChild'), enabled: canEdit },
    { name: 'addSibling', label: t('toolbar.addSibling'), enabled: canEdit && !isProblem },
    { name: 'outdent', label: t('toolbar.outdent'), enabled: canEdit && !isProblem },
    { name: 'moveUp', label: t('toolbar.moveUp'), enabled: canEdit && !isProblem },
    { name: 'moveDown', label: t('toolbar.moveDown'), enabled: canEdit && !isProblem },
    { name: 'delete', label: t('toolbar.delete'), enabled: canEdit && !isProblem },
  ];
  return (
    <ul
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={t('contextMenu.label')}
      style={at}
      data-testid="context-menu"
      onPointerDown={(e) => e.stopPropagation()}
      onContextMenu={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        e.stopPropagation();
        const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'Escape') onClose();
        else if (e.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus();
        else if (e.key === 'ArrowUp') buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
        else if (e.key === 'Home') buttons[0]?.focus();
        else if (e.key === 'End') buttons[buttons.length - 1]?.focus();
        else return;
        e.preventDefault();
      }}
    >
      {!focusSection && items.map((item) => (
        <li key={item.name} role="none">
          <button type="button" role="menuitem" disabled={!item.enabled} onClick={() => onCommand(item.name)}>
            {item.label}
          </button>
        </li>
      ))}
      {sections
        .filter((section) => section.items.length > 0 && (!focusSection || section.key === focusSection))
        .map((section) => (
          <li key={section.key} role="none" data-section={section.key}>
            {!focusSection && <div className="context-menu__sep" role="separator" />}
            {section.heading && (
              <div className="context-menu__heading" aria-hidden="true">
                {section.heading}
              </div>
            )}
            <ul role="group" aria-label={section.heading} className="context-menu__group">
              {section.items.map((item) => (
                <li key={item.key} role="none">
                  <button
                    type="button"
                    role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
                    aria-checked={item.checked}
                    disabled={!item.enabled}
                    data-testid={item.testId}
                    onClick={item.onSelect}
                  >
                    {item.icon}
                    {item.label}
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
    </ul>
  );
}

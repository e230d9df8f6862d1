import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeCommand } from './Toolbar.tsx';

interface Props {
  x: number;
  y: number;
  isProblem: boolean;
  canEdit: boolean;
  onCommand: (name: NodeCommand) => void;
  onClose: () => void;
}

/** The right-click menu: every node action for mouse users, reachable with the arrow keys too. */
export function ContextMenu({ x, y, isProblem, canEdit, onCommand, onClose }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, []);
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
      style={{ left: x, top: y }}
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
        else return;
        e.preventDefault();
      }}
    >
      {items.map((item) => (
        <li key={item.name} role="none">
          <button type="button" role="menuitem" disabled={!item.enabled} onClick={() => onCommand(item.name)}>
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}

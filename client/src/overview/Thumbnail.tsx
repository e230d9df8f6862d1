import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Group } from 'konva/lib/Group';
import { Layer } from 'konva/lib/Layer';
import { Stage } from 'konva/lib/Stage';
import { layoutFishbone } from '@causeway/shared';
import type { DiagramTree } from '@causeway/shared';
import { FONT_FAMILY, measureText, useElementSize, useFontReady } from '../board/hooks.ts';
import { drawModel } from '../io/draw.ts';
import { buildRenderModel, contentBounds, fitView, withPlaceholders } from '@causeway/shared';

const ASPECT = 0.5;

/** One group's diagram, small: the same layout and render model as the board, fitted into the card. */
export function Thumbnail({ tree, label }: { tree: DiagramTree; label: string }) {
  const { t } = useTranslation();
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const { width } = useElementSize(box);
  const height = Math.round(width * ASPECT);
  const fontReady = useFontReady();
  const stage = useRef<{ stage: Stage; layer: Layer } | null>(null);
  const [drawn, setDrawn] = useState(0);
  const emptyProblem = t('canvas.emptyProblem');
  const emptyLabel = t('canvas.emptyLabel');

  useEffect(() => {
    if (!box) return;
    const container = document.createElement('div');
    box.appendChild(container);
    const s = new Stage({ container, width: 1, height: 1, listening: false });
    const layer = new Layer({ listening: false });
    s.add(layer);
    stage.current = { stage: s, layer };
    return () => {
      s.destroy();
      container.remove();
      stage.current = null;
    };
  }, [box]);

  useEffect(() => {
    const current = stage.current;
    if (!current || !fontReady || width < 10) return;
    const prepared = withPlaceholders(tree, { problem: emptyProblem, label: emptyLabel });
    const layout = layoutFishbone(prepared.tree, measureText, { fontFamily: FONT_FAMILY });
    const model = buildRenderModel(layout, { placeholders: prepared.placeholders });
    const view = fitView(contentBounds(model), { width, height }, 8, 1);
    current.stage.size({ width, height });
    current.layer.destroyChildren();
    const group = new Group({ x: view.x, y: view.y, scaleX: view.scale, scaleY: view.scale });
    drawModel(model, group);
    current.layer.add(group);
    current.layer.batchDraw();
    setDrawn((n) => n + 1);
  }, [tree, fontReady, width, height, emptyProblem, emptyLabel]);

  return <div ref={setBox} className="thumbnail" role="img" aria-label={label} style={{ height }} data-testid="thumbnail" data-drawn={drawn} />;
}

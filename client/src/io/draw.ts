import type { Container } from 'konva/lib/Container';
import { Group } from 'konva/lib/Group';
import { Line } from 'konva/lib/shapes/Line';
import { Rect } from 'konva/lib/shapes/Rect';
import { Text } from 'konva/lib/shapes/Text';
import type { RenderModel } from '@causeway/shared';

/** Draws a render model into a Konva container, the same shapes the board draws (for exports). */
export function drawModel(model: RenderModel, into: Container): void {
  for (const bone of model.bones) {
    into.add(new Line({ points: bone.points, stroke: bone.stroke, strokeWidth: bone.strokeWidth, lineCap: 'round', listening: false }));
  }
  for (const label of model.labels) {
    const group = new Group({ x: label.x, y: label.y, listening: false });
    if (label.fill !== null) {
      group.add(new Rect({ width: label.width, height: label.height, fill: label.fill, stroke: label.stroke ?? undefined, strokeWidth: label.stroke ? 1.5 : 0, cornerRadius: label.cornerRadius }));
    }
    group.add(
      new Text({
        x: label.textX,
        y: label.textY,
        width: label.textWidth,
        text: label.text,
        fontFamily: label.fontFamily,
        fontSize: label.fontSize,
        fontStyle: label.fontStyle,
        lineHeight: label.lineHeight,
        align: label.align,
        fill: label.textColour,
        wrap: 'none',
      }),
    );
    into.add(group);
  }
}

import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
// Konva's core and only the shapes drawn here (not every filter and shape): a smaller first download.
import 'konva/lib/shapes/Circle';
import 'konva/lib/shapes/Label';
import 'konva/lib/shapes/Line';
import 'konva/lib/shapes/Rect';
import 'konva/lib/shapes/Text';
import { Circle, Group, Label, Layer, Line, Rect, Shape, Stage, Tag, Text } from 'react-konva/lib/ReactKonvaCore';
import type Konva from 'konva';
import { drawBones, drawLabels } from '@causeway/shared';
import type { DrawBadge, DrawBone, DrawDots, DrawLabel, DrawLink, DrawOutline, LabelKey, RenderModel } from '@causeway/shared';
import { createDrawQueue } from '../render/draw-queue.ts';
import type { DrawQueue } from '../render/draw-queue.ts';
import type { Peer } from '../sync/presence.ts';

export interface View {
  scale: number;
  x: number;
  y: number;
}

interface Props {
  model: RenderModel;
  view: View;
  width: number;
  height: number;
  peers: readonly Peer[];
  ghost: { text: string; x: number; y: number } | null;
  /** The drag ghost's node, which the board moves with the pointer between renders (ghostPosition). */
  ghostRef?: React.Ref<Konva.Label>;
  stageRef?: React.RefObject<Konva.Stage | null>;
  /** The label being typed into: drawn in the small top layer, so a keystroke redraws only that layer. */
  editing?: LabelKey | null;
}

/** Where the drag ghost sits: below right of the pointer, at the same distance at every zoom. */
export function ghostPosition(point: { x: number; y: number }, scale: number): { x: number; y: number } {
  return { x: point.x + 12 / scale, y: point.y + 12 / scale };
}

const NO_BONES: readonly DrawBone[] = [];
const NO_LINKS: readonly DrawLink[] = [];
const NO_LABELS: readonly DrawLabel[] = [];

/**
 * Konva only draws the render model (STYLE.md 8). Hit testing, selection and drag are done by the
 * board from the layout's hit areas, so no layer needs to listen to pointer events.
 */
export function DiagramCanvas({ model, view, width, height, peers, ghost, ghostRef, stageRef, editing = null }: Props) {
  const edited = editing === null ? undefined : model.labels.find((label) => label.id === editing);
  // The heavy layers join the stage empty and are filled in the next (synchronous) render: Konva
  // draws a layer the moment it is added to the stage, and a board that opens with 500 causes
  // would draw them there, inside React's commit, and then again through the draw queue.
  const [attached, setAttached] = useState(false);
  useLayoutEffect(() => setAttached(true), []);
  return (
    <Stage ref={stageRef} width={width} height={height} scaleX={view.scale} scaleY={view.scale} x={view.x} y={view.y} listening={false}>
      <BonesLayer bones={attached ? model.bones : NO_BONES} links={attached ? model.links : NO_LINKS} />
      {labelLayers(attached ? model.labels : NO_LABELS, edited?.id).map((labels, i) => (
        <LabelsLayer key={i} labels={labels} />
      ))}
      {attached && (model.badges.length > 0 || model.dots.length > 0) && <MarkersLayer badges={model.badges} dots={model.dots} />}
      <Layer listening={false}>
        {edited && <LabelsShape labels={[edited]} />}
        {model.outlines.map((outline) => (
          <Outline key={outline.key} outline={outline} scale={view.scale} />
        ))}
        {model.dropLine && <Line points={model.dropLine.points} stroke={model.dropLine.stroke} strokeWidth={4 / view.scale} lineCap="round" />}
        {ghost && (
          <Label ref={ghostRef} {...ghostPosition(ghost, view.scale)} opacity={0.85} scaleX={1 / view.scale} scaleY={1 / view.scale}>
            {/* Not drawn through an offscreen buffer the size of the layer (Konva's perfect draw of a
                translucent, shadowed shape with fill and stroke), which cost more than the rest of a
                pointer move. */}
            <Tag fill="#ffffff" stroke="#1d70a2" strokeWidth={1.5} cornerRadius={4} shadowColor="#000" shadowOpacity={0.15} shadowBlur={6} perfectDrawEnabled={false} shadowForStrokeEnabled={false} />
            <Text text={ghost.text} padding={6} fontFamily="Noto Sans" fontSize={14} fill="#1f2933" />
          </Label>
        )}
        {peers.map((peer) => (peer.cursor ? <RemoteCursor key={peer.clientId} peer={peer} scale={view.scale} /> : null))}
      </Layer>
    </Stage>
  );
}

let drawQueue: DrawQueue | null = null;

/** Heavy layers still waiting for their turn to be drawn (for tests and the benchmark's first frame). */
export function layersWaiting(): number {
  return drawQueue?.waiting.length ?? 0;
}

/**
 * Ref of the heavy layers (bones, labels, markers): their redraws go through one queue that draws
 * at most one of them a frame (render/draw-queue.ts). The small top layer (selection, drop line,
 * drag ghost, cursors, the label being typed into) keeps drawing at once.
 */
function drawOnePerFrame(layer: Konva.Layer | null) {
  if (!layer) return;
  drawQueue ??= createDrawQueue({ request: (callback) => requestAnimationFrame(callback), now: () => performance.now() });
  drawQueue.install(layer);
}

/**
 * The static bones and the "contributes to" arrows (L-F5: below the labels, whose backing keeps
 * text clear of them), drawn by one shape (shared/src/render/canvas.ts) rather than a Konva line
 * each: a layer that never listens, redrawn only when a bone or an arrow changed. The arrows share
 * the bones' layer because every layer is a full-screen canvas.
 */
const BonesLayer = memo(
  function BonesLayer({ bones, links }: { bones: readonly DrawBone[]; links: readonly DrawLink[] }) {
    return (
      <Layer listening={false} ref={drawOnePerFrame}>
        <Shape listening={false} perfectDrawEnabled={false} sceneFunc={(ctx) => drawBones(ctx._context, bones, links)} />
      </Layer>
    );
  },
  (a, b) => sameData(a.bones, b.bones) && sameData(a.links, b.links),
);

/**
 * Konva redraws a whole layer when one shape in it changes, and drawing 500 labels' text takes tens
 * of milliseconds. The labels are therefore spread over a few layers by category, so typing in a
 * label redraws only its category's layer (with the layout anchored at the head, the other
 * categories do not move).
 */
export const LABEL_LAYERS = 3;

/**
 * The labels in layout order (head, then each category followed by its causes), one list per layer,
 * without the label being typed into (`skip`): its box changes with every keystroke, and drawn in
 * its category's layer it would make that whole layer (a hundred texts at 500 causes) redraw each time.
 */
export function labelLayers(labels: readonly DrawLabel[], skip?: LabelKey): DrawLabel[][] {
  const layers: DrawLabel[][] = Array.from({ length: LABEL_LAYERS }, () => []);
  let category = 0;
  for (const label of labels) {
    if (label.kind === 'category') category++;
    if (label.id !== skip) layers[category % LABEL_LAYERS]!.push(label);
  }
  return layers;
}

/** Skipped entirely when none of its labels changed (a cursor moved, a selection changed, another category grew). */
const LabelsLayer = memo(
  function LabelsLayer({ labels }: { labels: readonly DrawLabel[] }) {
    return (
      <Layer listening={false} ref={drawOnePerFrame}>
        <LabelsShape labels={labels} />
      </Layer>
    );
  },
  (a, b) => a.labels.length === b.labels.length && a.labels.every((label, i) => label.id === b.labels[i]!.id && sameLabel(label, b.labels[i]!)),
);

/** Equal plain data (numbers, strings, arrays, objects), for the memoised layers below. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Priority badges and vote dots, above the labels (a sixth layer, there only while something is
 * marked or voted); redrawn only when one changed or moved.
 */
const MarkersLayer = memo(
  function MarkersLayer({ badges, dots }: { badges: readonly DrawBadge[]; dots: readonly DrawDots[] }) {
    return (
      <Layer listening={false} ref={drawOnePerFrame}>
        {badges.map((badge) => (
          <Group key={badge.key}>
            <Rect x={badge.x} y={badge.y} width={badge.width} height={badge.height} fill={badge.fill} cornerRadius={badge.cornerRadius} perfectDrawEnabled={false} />
            {badge.symbol.map((points, i) => (
              <Line key={i} points={points} stroke={badge.symbolColour} strokeWidth={badge.symbolWidth} lineCap="round" lineJoin="round" perfectDrawEnabled={false} />
            ))}
          </Group>
        ))}
        {dots.map((votes) => (
          <Group key={votes.key}>
            {votes.pill && (
              <>
                <Rect x={votes.pill.x} y={votes.pill.y} width={votes.pill.width} height={votes.pill.height} fill={votes.pill.fill} stroke={votes.pill.stroke} strokeWidth={1.5} cornerRadius={votes.pill.cornerRadius} perfectDrawEnabled={false} />
                <Text
                  x={votes.pill.text.x}
                  y={votes.pill.text.y}
                  width={votes.pill.text.width}
                  height={votes.pill.text.height}
                  text={votes.pill.text.text}
                  fontFamily={votes.pill.text.fontFamily}
                  fontSize={votes.pill.text.fontSize}
                  fontStyle={votes.pill.text.fontStyle}
                  lineHeight={votes.pill.text.lineHeight}
                  align={votes.pill.text.align}
                  verticalAlign="middle"
                  fill={votes.pill.text.fill}
                  wrap="none"
                  perfectDrawEnabled={false}
                />
              </>
            )}
            {votes.dots.map((dot, i) => (
              <Circle key={i} x={dot.x} y={dot.y} radius={dot.r} fill={dot.fill} stroke={dot.stroke} strokeWidth={dot.strokeWidth} perfectDrawEnabled={false} />
            ))}
          </Group>
        ))}
      </Layer>
    );
  },
  (a, b) => sameData(a.badges, b.badges) && sameData(a.dots, b.dots),
);

function sameLabel(a: DrawLabel, b: DrawLabel): boolean {
  return (
    a === b ||
    (a.x === b.x &&
      a.y === b.y &&
      a.width === b.width &&
      a.height === b.height &&
      a.text === b.text &&
      a.textX === b.textX &&
      a.textY === b.textY &&
      a.textWidth === b.textWidth &&
      a.fontSize === b.fontSize &&
      a.fontStyle === b.fontStyle &&
      a.fontFamily === b.fontFamily &&
      a.lineHeight === b.lineHeight &&
      a.align === b.align &&
      a.textColour === b.textColour &&
      a.fill === b.fill &&
      a.stroke === b.stroke &&
      a.cornerRadius === b.cornerRadius &&
      a.strike === b.strike)
  );
}

/**
 * Labels drawn by one shape (shared/src/render/canvas.ts draws them as Konva.Rect and Konva.Text
 * would), not a rectangle and a text node each: 500 causes were 1,500 React elements and Konva nodes
 * to create, and every line measured again, before the board's first frame. `labelCount` says on
 * the stage how many labels it draws (tests and the benchmark's first frame read it).
 */
function LabelsShape({ labels }: { labels: readonly DrawLabel[] }) {
  return <Shape name="labels" labelCount={labels.length} listening={false} perfectDrawEnabled={false} sceneFunc={(ctx) => drawLabels(ctx._context, labels)} />;
}

function Outline({ outline, scale }: { outline: DrawOutline; scale: number }) {
  const { rect } = outline;
  return (
    <Group>
      <Rect x={rect.x} y={rect.y} width={rect.width} height={rect.height} stroke={outline.stroke} strokeWidth={outline.strokeWidth / Math.max(scale, 0.5)} dash={outline.dash ?? undefined} cornerRadius={6} />
      {outline.tag && (
        <Label x={rect.x} y={rect.y} scaleX={1 / scale} scaleY={1 / scale}>
          <Tag fill={outline.stroke} cornerRadius={3} pointerDirection="down" pointerWidth={8} pointerHeight={5} />
          <Text text={outline.tag} fontFamily="Noto Sans" fontSize={12} padding={3} fill="#ffffff" />
        </Label>
      )}
    </Group>
  );
}

/** An arrow pointer outline, tip at (0, 0). */
const POINTER = [0, 0, 0, 16, 4.5, 12, 8, 19, 10.5, 18, 7, 11, 13, 11];

/** A remote pointer that glides to each throttled position instead of jumping. */
function RemoteCursor({ peer, scale }: { peer: Peer; scale: number }) {
  const ref = useRef<Konva.Group>(null);
  const first = useRef(true);
  const { x, y } = peer.cursor!;
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    if (first.current) {
      first.current = false;
      node.position({ x, y });
      return;
    }
    node.to({ x, y, duration: 0.12 });
  }, [x, y]);
  return (
    <Group ref={ref} scaleX={1 / scale} scaleY={1 / scale} name="remote-cursor">
      <Line points={POINTER} closed fill={peer.user.colour} stroke="#ffffff" strokeWidth={1.2} lineJoin="round" />
      <Label x={12} y={16}>
        <Tag fill={peer.user.colour} cornerRadius={4} />
        <Text text={peer.user.name} fontFamily="Noto Sans" fontSize={12} padding={4} fill="#ffffff" />
      </Label>
    </Group>
  );
}

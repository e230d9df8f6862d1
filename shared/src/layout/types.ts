import type { NodeId } from '../tree.ts';

export interface TextStyle {
  fontSize: number;
  fontWeight: 'normal' | 'bold';
  /** Font family name; the same bundled font everywhere (Noto Sans). */
  fontFamily: string;
}

/** Width in px of one line of text in the given style. Passed in so layout stays pure. */
export type MeasureText = (text: string, style: TextStyle) => number;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type LabelKind = 'head' | 'category' | 'cause';

export interface LaidOutLabel {
  /** 'problem' for the head. */
  id: NodeId | 'problem';
  kind: LabelKind;
  /** 0 head, 1 category, 2+ causes. */
  depth: number;
  /** The text box (top-left, size) in layout coordinates. */
  box: Rect;
  /** The label wrapped into lines at the maximum width. */
  lines: string[];
  style: TextStyle;
  lineHeight: number;
  align: 'left' | 'center' | 'right';
  /** Parent id ('problem' for categories). */
  parent: NodeId | 'problem' | null;
  /** Index path from the root, e.g. [2, 0, 1]. */
  path: number[];
}

export type BoneKind = 'spine' | 'category' | 'rib';

export interface LaidOutBone {
  /** The node this bone belongs to ('problem' for the spine). */
  owner: NodeId | 'problem';
  kind: BoneKind;
  from: { x: number; y: number };
  to: { x: number; y: number };
}

export interface HitArea {
  id: NodeId | 'problem';
  rect: Rect;
}

export interface Layout {
  head: LaidOutLabel;
  /** Every label including the head, in tree order (pre-order). */
  labels: LaidOutLabel[];
  bones: LaidOutBone[];
  bounds: Rect;
  hitAreas: HitArea[];
}

export interface LayoutOptions {
  /** Where the head sits; default 'right'. */
  headSide?: 'left' | 'right';
  /** Maximum label width before wrapping, px. */
  maxLabelWidth?: number;
  fontFamily?: string;
}

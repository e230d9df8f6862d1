import type { NodeId } from '../tree.ts';

export interface TextStyle {
  fontSize: number;
  fontWeight: 'normal' | 'bold';
  /** Font family name; the same bundled font everywhere (Noto Sans). */
  fontFamily: string;
}

/** Width in px of one line of text in the given style. Passed in so layout stays pure. */
export type MeasureText = (text: string, style: TextStyle) => number;

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type LabelKind = 'head' | 'category' | 'cause';

/**
 * How a node's own bone runs: the spine is the head's bone; categories and causes at odd depths sit
 * at the end of a slanted bone; causes at even depths sit at the end of a horizontal rib.
 */
export type BoneOrientation = 'spine' | 'diagonal' | 'horizontal';

export interface LaidOutLabel {
  /**
   * The node's id; 'problem' for the head. A node without an id (a tree parsed from a file) gets
   * its path key: 'p:' and its index path joined by dots, e.g. 'p:2.0.1' (see pathKey). A repeated
   * id is replaced by the path key of the later node.
   */
  id: NodeId | 'problem';
  kind: LabelKind;
  /** 0 head, 1 category, 2+ causes. */
  depth: number;
  /**
   * The label's box (top-left, size) in layout coordinates, padding included; the text is drawn
   * inside, inset by `padding` on every side.
   */
  box: Rect;
  padding: number;
  /** The label wrapped into lines at the maximum width. */
  lines: string[];
  style: TextStyle;
  lineHeight: number;
  align: 'left' | 'center' | 'right';
  /** Parent id ('problem' for categories). */
  parent: NodeId | 'problem' | null;
  /** Index path from the root, e.g. [2, 0, 1]; [] for the head. */
  path: number[];
  orientation: BoneOrientation;
  /** Which side of the spine the node's category is on; null for the head. */
  side: 'above' | 'below' | null;
  /**
   * Where the node's own bone meets its parent's bone (for a category: on the spine; for the head:
   * where the spine meets the head box). A drop indicator for "insert here" starts at this point.
   */
  anchor: Point;
  /** Where the node's own bone meets its label box (on the box edge). */
  tip: Point;
  /** Bounding box of the node's label, bones and all its descendants. */
  subtree: Rect;
}

/** 'rib': horizontal bone of a cause at an even depth; 'branch': slanted bone of a cause at an odd depth >= 3. */
export type BoneKind = 'spine' | 'category' | 'rib' | 'branch';

export interface LaidOutBone {
  /** The node this bone belongs to ('problem' for the spine). */
  owner: NodeId | 'problem';
  kind: BoneKind;
  /** Depth of the owner (0 for the spine), e.g. for stroke width. */
  depth: number;
  /** The end on the parent's bone (for the spine: the tail end). */
  from: Point;
  /** The end at the owner's label (for the spine: the head box). */
  to: Point;
}

export interface HitArea {
  id: NodeId | 'problem';
  rect: Rect;
}

export interface Layout {
  head: LaidOutLabel;
  /** Every label including the head, in tree order (pre-order). */
  labels: LaidOutLabel[];
  /** The spine first, then one bone per category and cause, in pre-order. */
  bones: LaidOutBone[];
  /** Everything drawn plus a margin; always starts at (0, 0). */
  bounds: Rect;
  /** One per label, in the same order: the label box grown by a few px; never overlapping. */
  hitAreas: HitArea[];
}

export interface LayoutOptions {
  /** Where the head sits; default 'right'. */
  headSide?: 'left' | 'right';
  /** Maximum width of a category or cause text before wrapping, px; default 180. */
  maxLabelWidth?: number;
  /** Maximum width of the problem text before wrapping, px; default 240. */
  headMaxWidth?: number;
  /** Default 'Noto Sans'. */
  fontFamily?: string;
}

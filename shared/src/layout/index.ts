// The fishbone layout (SPEC.md section 2, rules L1-L12). In the browser pass a canvas measurer
// wrapped in cachedMeasure; in Node (tests, server exports, benchmarks) pass approximateMeasure.
export { layoutFishbone, pathKey, LABEL_STYLES, DEFAULT_FONT_FAMILY, DEFAULT_MAX_LABEL_WIDTH, DEFAULT_HEAD_MAX_WIDTH } from './fishbone.ts';
export { wrapText, wrapMeasured, clearWrapCache } from './wrap.ts';
export type { WrappedText } from './wrap.ts';
export { approximateMeasure, cachedMeasure } from './measure.ts';
export { WIDTH_RANGES } from './widths.ts';
export { siblingAxis, dropPlacement, dropLine } from './drop.ts';

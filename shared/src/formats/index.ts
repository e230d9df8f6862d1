export type { FormatError, FormatErrorCode, ParseResult } from './errors.ts';
export { MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_LENGTH, NODE_ID_PATTERN, utf8ByteLength } from './errors.ts';
export { JSON_FORMAT, JSON_VERSION, parseJson, toJson } from './json.ts';
export type { ToJsonOptions } from './json.ts';
export { escapeMarkdownLabel, parseMarkdown, toMarkdown, unescapeMarkdownLabel } from './markdown.ts';
export { MERMAID_KEYWORD, escapeMermaidLabel, matchesStyleRule, parseMermaid, toMermaid, unescapeMermaidLabel } from './mermaid.ts';
export { FORMATS, detectFormat, parseDiagram, serializeDiagram } from './detect.ts';
export type { FormatName } from './detect.ts';

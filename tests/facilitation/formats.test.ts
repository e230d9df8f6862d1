import { parseJson, parseMarkdown, toJson, toMarkdown } from '../../shared/src/formats/index.ts';
import { defineFormatProperties } from './formats-property-suite.ts';
import { defineFormatTests } from './formats-suite.ts';

const formats = { toJson, parseJson, toMarkdown, parseMarkdown };
defineFormatTests(formats);
defineFormatProperties(formats);

/**
 * index.html of the workshop ZIP: the workshop title, and per group its name, problem, the PNG as a picture and links to each file. Only names, numbers and format names
 * appear, so the page needs no translation.
 */
import type { WorkshopRecord } from '../store/types.ts';
import { escapeXml } from './render-svg.ts';

export interface IndexGroup {
  id: string;
  name: string;
  problem: string;
  causes: number;
  /** File name without extension: `<base>.png`, `.svg`, `.json`, `.md`, `.actions.csv`. */
  base: string;
  /** Page size in CSS px, so the 2x PNG shows at its natural size (never wider than the window). */
  width: number;
  height: number;
}

export const GROUP_FILES = [
  ['png', 'PNG'],
  ['svg', 'SVG'],
  ['json', 'JSON'],
  ['md', 'Markdown'],
  ['actions.csv', 'CSV'],
] as const;

const href = (file: string) => escapeXml(encodeURI(file));

export function workshopIndex(workshop: WorkshopRecord, groups: readonly IndexGroup[], exportedAt: Date): string {
  const items = groups.map((g) => {
    const links = GROUP_FILES.map(([ext, label]) => `<a href="${href(`${g.base}.${ext}`)}">${label}</a>`).join(' · ');
    return [
      `<section id="${escapeXml(g.id)}" data-causes="${g.causes}">`,
      `<h2>${escapeXml(g.name)}</h2>`,
      `<p class="problem">${escapeXml(g.problem)}</p>`,
      `<p class="files">${links}</p>`,
      `<a href="${href(`${g.base}.png`)}"><img src="${href(`${g.base}.png`)}" width="${g.width}" height="${g.height}" alt="${escapeXml(g.problem || g.name)}"></a>`,
      '</section>',
    ].join('\n');
  });
  return [
    '<!doctype html>',
    `<html lang="${escapeXml(workshop.locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(workshop.title)}</title>`,
    '<style>body{font-family:"Noto Sans",system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2933}',
    'section{border-top:1px solid #d5dce3;padding:1rem 0}h2{margin:0 0 .25rem}.problem{font-weight:600;margin:.25rem 0}',
    '.files{margin:.25rem 0 .75rem}img{max-width:100%;height:auto;border:1px solid #d5dce3}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeXml(workshop.title)}</h1>`,
    `<p><time datetime="${exportedAt.toISOString()}">${exportedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time></p>`,
    ...items,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

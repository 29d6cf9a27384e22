// The JavaScript way of doing our Word export: the same report, in the same GB/T 9704 layout as
// src/report/render/docx.rs (A4, margins, 仿宋_GB2312 三号 body condensed to 28 characters a line,
// exact 28.95 pt lines, 方正小标宋简体 二号 title, 黑体 / 楷体 headings, bold run-in item titles,
// quotes and ellipses forced into the Chinese font, `— N —` page numbers odd right / even left),
// built with the npm `docx` package (its self-contained ES module build, served from
// bench/node_modules by the bench's own server: nothing from a CDN).
//
// Used by bench/bench.mjs in two places: imported into the app's own page (so both exporters run
// in one page, one after the other, 50 times each) and from bench/baseline.html (a page without
// the app). Input is the report as blocks, read from the app's live preview (`blocksFromPreview`),
// so both exporters print exactly the same text.
//
// Not reproduced: the draft JSON our .docx carries for re-import (ours does that extra work).
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from './node_modules/docx/dist/index.mjs';

const LATIN = 'Times New Roman';
const FANGSONG = '仿宋_GB2312';
const XIAOBIAOSONG = '方正小标宋简体';
const HEITI = '黑体';
const KAITI = '楷体_GB2312';
const SONGTI = '宋体';

const fonts = (eastAsia) => ({ ascii: LATIN, hAnsi: LATIN, eastAsia, cs: LATIN });
const cjkOnly = (font) => ({ ascii: font, hAnsi: font, eastAsia: font, cs: font, hint: 'eastAsia' });
/** Characters Word would set in the Latin font (see `wants_cjk_font` in docx.rs). */
const CJK_PUNCT = /([‘’“”…—―·]+)/u;

/** Runs for one piece of text: a new run where the font class changes, as docx.rs does. */
function runs(text, bold, font) {
  return text
    .split(CJK_PUNCT)
    .filter((part) => part !== '')
    .map((part) =>
      CJK_PUNCT.test(part) ? new TextRun({ text: part, bold, font: cjkOnly(font) }) : new TextRun({ text: part, bold }),
    );
}

function pageNumber(side) {
  const indent = side === 'right' ? { right: 280, firstLine: 0 } : { left: 280, firstLine: 0 };
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        indent,
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

/**
 * The document. `blocks`: [{ kind: 'title'|'h1'|'h2'|'p'|'closing', lead?, text }].
 * `line`: line pitch in twips (default 28.95 pt); `boldSubheadings` as the app's layout option.
 */
export function buildDocument(blocks, { line = 579, boldSubheadings = false } = {}) {
  const title = blocks.find((b) => b.kind === 'title')?.text ?? '';
  const children = blocks.map((block) => {
    switch (block.kind) {
      case 'title':
        return new Paragraph({ style: 'ReportTitle', children: runs(block.text, false, XIAOBIAOSONG) });
      case 'h1':
        return new Paragraph({ style: 'Heading1', children: runs(block.text, false, HEITI) });
      case 'h2':
        return new Paragraph({ style: 'Heading2', children: runs(block.text, false, KAITI) });
      case 'closing':
        return new Paragraph({ spacing: { before: line }, children: runs(block.text, false, FANGSONG) });
      default:
        return new Paragraph({
          children: [...(block.lead ? runs(block.lead, boldSubheadings, FANGSONG) : []), ...runs(block.text, false, FANGSONG)],
        });
    }
  });
  const heading = (id, name, level, font, bold) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    paragraph: { keepNext: true, outlineLevel: level },
    run: { font: fonts(font), bold: bold || undefined },
  });
  return new Document({
    title,
    creator: '',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fonts(FANGSONG), size: 32, color: '000000', characterSpacing: -5 },
          paragraph: {
            spacing: { line, lineRule: LineRuleType.EXACT },
            indent: { firstLine: 640, firstLineChars: 200 },
            alignment: AlignmentType.JUSTIFIED,
          },
        },
      },
      paragraphStyles: [
        {
          id: 'ReportTitle',
          name: '报告标题',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: { after: line, line, lineRule: LineRuleType.EXACT },
            indent: { firstLine: 0, firstLineChars: 0 },
          },
          run: { font: fonts(XIAOBIAOSONG), size: 44, characterSpacing: 0 },
        },
        heading('Heading1', '一级标题', 0, HEITI, false),
        heading('Heading2', '二级标题', 1, KAITI, boldSubheadings),
        heading('Heading3', '三级标题', 2, FANGSONG, boldSubheadings),
        {
          id: 'Footer',
          name: 'footer',
          basedOn: 'Normal',
          paragraph: { spacing: { line: 240, lineRule: LineRuleType.AUTO }, indent: { firstLine: 0, firstLineChars: 0 } },
          run: { font: { ascii: SONGTI, hAnsi: SONGTI, eastAsia: SONGTI, cs: SONGTI }, characterSpacing: 0, size: 28 },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2098, right: 1474, bottom: 1984, left: 1587, header: 851, footer: 1417, gutter: 0 },
          },
          grid: { type: DocumentGridType.LINES, linePitch: line },
        },
        footers: { default: pageNumber('right'), even: pageNumber('left') },
        children,
      },
    ],
  });
}

/** Builds and packs the .docx: what a JS app does between the click and the download. */
export async function buildDocx(blocks, options) {
  return Packer.toBlob(buildDocument(blocks, options));
}

/** The report's blocks as the app's live preview shows them (`.preview article`). */
export function blocksFromPreview(root = document.querySelector('.preview article')) {
  const blocks = [];
  for (const el of root.children) {
    const text = el.textContent;
    if (el.matches('h1')) blocks.push({ kind: 'title', text });
    else if (el.matches('h2')) blocks.push({ kind: 'h1', text });
    else if (el.matches('h3')) blocks.push({ kind: 'h2', text });
    else if (el.matches('p.doc-closing')) blocks.push({ kind: 'closing', text });
    else if (el.matches('p')) {
      const lead = el.querySelector(':scope > .doc-lead')?.textContent ?? '';
      blocks.push({ kind: 'p', lead, text: text.slice(lead.length) });
    }
  }
  return blocks;
}

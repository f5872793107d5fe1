/**
 * The intermediate model that the stages hand to each other.
 *
 * extract (pdf/html/ocr) → PageContent[] or HtmlDocument
 * layout/tables          → DocumentLayout (lines, sections, tables)
 * normalize              → the record (src/record/types.ts)
 *
 * Coordinates: page space with the origin at the top-left corner, x to the right and y
 * downwards. Units are PDF points (1/72 in) everywhere, OCR pages and images included (pixels
 * × 72 / dpi), so that the table builder's tolerances hold for every source. Pages are
 * numbered from 1.
 */

/** [x0, y0, x1, y1] with x0 <= x1 and y0 <= y1, top-left origin. */
export type BBox = [number, number, number, number];

/** How a piece of text was obtained. Mirrors `source.method` in the record. */
export type ExtractionMethod = 'text' | 'ocr' | 'html';

/** One run of text as the source gave it (a PDF text item, an OCR word). */
export interface TextItem {
  text: string;
  bbox: BBox;
  /** Font size in page units (the glyph box height for OCR words). */
  fontSize: number;
  bold?: boolean;
  /** 0..1; 1 for a PDF text layer. */
  confidence: number;
}

/** A straight ruling line (or a thin filled rectangle acting as one). */
export interface RuleSegment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Everything positioned on one page: what the table and layout builders work from. */
export interface PageContent {
  page: number;
  width: number;
  height: number;
  method: ExtractionMethod;
  items: TextItem[];
  /** Horizontal and vertical ruling segments, already in page space. */
  rules: RuleSegment[];
}

/** One line of text in reading order. */
export interface TextLine {
  page: number;
  text: string;
  bbox: BBox;
  fontSize: number;
  bold?: boolean;
  /** Set when the line lies inside a table region (so it is not body text). */
  inTable?: boolean;
}

export interface Section {
  heading: string;
  /** 1 for 一、 headings, 2 for （一） headings, 3 for 1. headings. */
  level: number;
  text: string;
}

/**
 * One position of a table grid. A merged cell (rowspan/colspan) is expanded: every grid
 * position it covers holds the same text, and all of them share `spanId`; `origin` is true
 * only at its top-left position.
 */
export interface GridCell {
  text: string;
  page: number;
  bbox: BBox | null;
  /** 0..1: 1 for text layers and HTML, the words' mean confidence for OCR. */
  confidence: number;
  spanId: number;
  origin: boolean;
}

export interface Table {
  method: ExtractionMethod;
  /** Every page the table covers, in order (tables continued on the next page are joined). */
  pages: number[];
  /** Rectangular: every row has the same number of cells. */
  cells: GridCell[][];
  /** Text just above the table (its caption), if any. */
  caption?: string;
}

/** Metadata printed by a CMS around a published web page. */
export interface CmsMetadata {
  system: 'hanweb' | 'trs' | 'other';
  indexNo?: string;
  publisher?: string;
  publishedOn?: string;
  disclosure?: string;
  breadcrumb?: string[];
  /** The page's own title field (名称 / 标题) when the CMS prints one. */
  title?: string;
  url?: string;
}

/** A saved web page after extraction. */
export interface HtmlDocument {
  cms: CmsMetadata;
  /** <title> of the page. */
  pageTitle?: string;
  /** Body blocks (paragraphs, headings, list items) in document order, outside tables. */
  blocks: string[];
  tables: Table[];
}

/** What the layout/tables stage produces, whatever the source kind. */
export interface DocumentLayout {
  pages: number;
  lines: TextLine[];
  sections: Section[];
  tables: Table[];
  cms?: CmsMetadata;
  pageTitle?: string;
  warnings: DocumentWarning[];
}

export interface DocumentWarning {
  code: string;
  message: string;
  page?: number;
  key?: string;
}

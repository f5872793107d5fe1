export { buildLayout } from './build.js';
export { buildLines, groupIntoLines, isPageNumberText, joinRuns, joinWrapped } from './lines.js';
export { buildParagraphs, buildSections, headingLevel } from './sections.js';

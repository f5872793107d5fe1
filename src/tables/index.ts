export { findAlignedTables } from './aligned.js';
export { joinTableParts, type JoinedTable, type TablePart } from './join.js';
export type { PageTable } from './page-table.js';
export { findRuledTables } from './ruled.js';

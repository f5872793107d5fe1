/** The table mapper of each statistics format. */
import type { Table } from '../../model.js';
import type { ReportFormat } from '../../record/schema.js';
import { mapFujian } from './fujian.js';
import { mapGov2014 } from './gov2014.js';
import { mapGovForm } from './gov-form.js';
import type { CellMatch } from './grid.js';

export type { CellMatch } from './grid.js';

/** Every value cell of the format's tables, tied to its indicator key. */
export function mapTables(format: ReportFormat, tables: readonly Table[]): CellMatch[] {
  switch (format) {
    case 'gov2021':
    case 'gov2019':
      return mapGovForm(tables, format);
    case 'gov2014':
      return mapGov2014(tables);
    case 'fujian':
      return mapFujian(tables);
    case 'none':
      return [];
  }
}

/** `nianbao export`: records of a folder to stdout as CSV or NDJSON, progress on stderr. */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { loadConfig } from '../src/config.js';
import { EXPORT_FORMATS, exportRecordsDir, type ExportFormat } from '../src/export/export.js';
import { listRecordFiles } from '../src/export/records-dir.js';

interface ExportFlags {
  from?: string;
  format: ExportFormat;
  wide?: boolean;
}

async function exportCommand(flags: ExportFlags, command: Command): Promise<void> {
  if (flags.wide && flags.format !== 'csv') command.error('nianbao: --wide applies to --format csv only');
  // OUTPUT_DIR is read only when --from is absent, so a bad environment does not stop an export of another folder.
  const from = path.resolve(flags.from ?? loadConfig().outputDir);
  if (!fs.statSync(from, { throwIfNoEntry: false })?.isDirectory()) command.error(`nianbao: no such folder: ${from}`);

  // The bar is for a person watching; in a pipeline or a log it would only add noise.
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'export |{bar}| {value}/{total} records', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start((await listRecordFiles(from)).length, 0);
  const skipped: string[] = [];
  let exported = 0;
  try {
    exported = await exportRecordsDir(from, process.stdout, {
      format: flags.format,
      wide: flags.wide ?? false,
      onRecord: () => bar?.increment(),
      onSkip: (file, reason) => {
        skipped.push(`${path.basename(file)}: ${reason}`);
        bar?.increment();
      },
    });
  } catch (err) {
    // The reader went away (`nianbao export … | head`): not an error of ours, nothing to report.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw err;
  } finally {
    bar?.stop();
  }
  for (const s of skipped) process.stderr.write(`skipped ${s}\n`);
  process.stderr.write(`${exported} records exported from ${from}\n`);
}

/** Adds `export` to the nianbao command. */
export function registerExportCommand(program: Command): Command {
  return program
    .command('export')
    .description('write the records of a folder to stdout as CSV (one row per fact, or per report with --wide) or NDJSON')
    .option('--from <dir>', 'folder of records (default: OUTPUT_DIR)')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--wide', 'CSV with one row per report and one column per indicator')
    .action(exportCommand);
}

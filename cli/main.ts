/** The `nianbao` command. */
import fs from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { OcrEngine } from '../src/ocr/engine.js';
import { convertFile } from '../src/pipeline/convert.js';
import { recordJsonSchema } from '../src/record/schema.js';
import { writeRecord } from '../src/record/write.js';
import { STAGES, type Stage } from '../workers/jobs.js';
import { registerDeadLetterCommands } from './dead-letter.js';
import { registerExportCommand } from './export.js';
import { ensureRedis, RedisUnavailableError } from './redis.js';

function config(): Config {
  return loadConfig();
}

async function convert(files: string[], opts: { out: string }): Promise<void> {
  const cfg = config();
  const out = path.resolve(opts.out);
  // Started on the first page that needs OCR, shared by every file, closed at the end.
  let engine: Promise<OcrEngine> | undefined;
  const ocrEngine = () => (engine ??= OcrEngine.create({ workers: cfg.ocr.workers, jobTimeoutMs: cfg.ocr.timeoutMs }));
  let failed = 0;
  // A person at a terminal gets a progress bar naming the file being read; a pipe or a log
  // gets one line per file.
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'convert |{bar}| {value}/{total} reading {file}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(files.length, 0, { file: '' });
  try {
    for (const file of files) {
      if (bar) bar.update({ file });
      else process.stderr.write(`reading ${file}\n`);
      const record = await convertFile(file, { limits: cfg.limits, ocrEngine });
      const written = await writeRecord(out, record);
      if (record.status === 'failed') failed++;
      if (bar) bar.increment();
      else process.stderr.write(`  ${record.status}${record.error ? ` ${record.error.code}` : ''} → ${written}\n`);
    }
  } finally {
    bar?.stop();
    if (engine) await (await engine.catch(() => undefined))?.close();
  }
  process.stderr.write(`${files.length} records written to ${out}${failed ? ` (${failed} failed)` : ''}\n`);
}

/**
 * The queue side (BullMQ, the dashboard's Express and Bull Board, the S3 client) is loaded
 * only by the commands that use it: `convert` starts in a fraction of the time without it.
 */
const queueSide = async () => {
  const [{ startPipeline }, { runUntilSignal }] = await Promise.all([
    import('../workers/run.js'),
    import('../workers/standalone.js'),
  ]);
  return { startPipeline, runUntilSignal };
};

async function run(opts: { exitWhenIdle?: boolean; dashboard?: boolean }): Promise<void> {
  const cfg = config();
  const { startPipeline, runUntilSignal } = await queueSide();
  const redis = await ensureRedis(cfg.redisUrl, cfg.dataDir);
  await fs.mkdir(cfg.uploadDir, { recursive: true });
  const running = await startPipeline(
    { ...cfg, redisUrl: redis.url },
    { dashboard: opts.dashboard !== false && !opts.exitWhenIdle },
  );
  if (opts.exitWhenIdle) {
    await running.idle();
    const docs = await running.ctx.registry.list(10_000);
    await running.stop();
    process.stderr.write(`idle: ${docs.length} documents known, records in ${cfg.outputDir}\n`);
  } else {
    await runUntilSignal(running);
  }
  await redis.stop();
}

async function worker(stages: string[]): Promise<void> {
  const { startPipeline, runUntilSignal } = await queueSide();
  const running = await startPipeline(config(), { stages: stages as Stage[], watch: false });
  await runUntilSignal(running);
}

const stageArg = (value: string, previous: string[] = []): string[] => {
  if (!(STAGES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${STAGES.join(', ')}`);
  return [...previous, value];
};

const program = new Command()
  .name('nianbao')
  .description('Turns 政府信息公开工作年度报告 (PDF or web page) into normalized, validated records.')
  .showHelpAfterError();

program
  .command('convert')
  .description('convert files in this process (no Redis) and write OUT/<id>.json for each')
  .requiredOption('-o, --out <dir>', 'folder for the records')
  .argument('<files...>', 'PDF or HTML files')
  .action(convert);

program
  .command('run')
  .description('watch UPLOAD_DIR and run every stage (REDIS_URL, UPLOAD_DIR, DATA_DIR, OUTPUT_DIR)')
  .option('--exit-when-idle', 'stop once every file in UPLOAD_DIR has its record')
  .option('--no-dashboard', 'do not serve the dashboard (DASHBOARD_HOST, DASHBOARD_PORT, DASHBOARD_TOKEN)')
  .action(run);

program
  .command('worker')
  .description('run the workers of the given stages only (for scaling out)')
  .argument('<stages...>', `stages: ${STAGES.join(', ')}`)
  .action((stages: string[]) => worker(stages.reduce<string[]>((acc, s) => stageArg(s, acc), [])));

program
  .command('dashboard')
  .description('serve the dashboard alone (DASHBOARD_HOST, DASHBOARD_PORT, DASHBOARD_TOKEN)')
  .action(async () => (await import('../workers/dashboard/index.js')).serveDashboard(config()));

registerExportCommand(program);
registerDeadLetterCommands(program);

program
  .command('schema')
  .description('print the JSON Schema of the record')
  .action(() => {
    process.stdout.write(`${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
  });

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof ConfigError || err instanceof RedisUnavailableError) {
    process.stderr.write(`nianbao: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

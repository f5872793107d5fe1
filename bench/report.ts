/** The results: a markdown table on stdout and bench/results.json. */
import fs from 'node:fs';
import os from 'node:os';
import { summarize, type Stat } from './stats.js';

export interface Row {
  measure: string;
  unit: string;
  stat: Stat | undefined;
  /** Shown as `median` when set, for values that are not numbers (e.g. "skipped"). */
  text?: string;
}

export interface Target {
  name: string;
  goal: string;
  /** The median the goal is checked against, formatted. */
  measured: string;
  /** undefined: could not be measured. */
  met: boolean | undefined;
}

export interface SectionResult {
  name: string;
  title: string;
  rows: Row[];
  targets: Target[];
  notes: string[];
  /** Per-repetition values, for results.json. */
  raw: unknown;
  durationS?: number;
}

export const row = (measure: string, unit: string, values: readonly number[]): Row => ({
  measure,
  unit,
  stat: summarize(values),
});
export const textRow = (measure: string, text: string): Row => ({ measure, unit: '', stat: undefined, text });

export function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

export interface BenchMeta {
  startedAt: string;
  durationS: number;
  reps: number;
  quick: boolean;
  loadStart: number[];
  loadEnd: number[];
  versions: Record<string, string>;
  notes: string[];
}

export function markdown(meta: BenchMeta, sections: readonly SectionResult[]): string {
  const cpu = os.cpus();
  const out: string[] = [];
  out.push(
    `## nianbao bench: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${meta.reps} repetitions${meta.quick ? ', --quick' : ''}, ` +
      `load ${meta.loadStart[0]} → ${meta.loadEnd[0]}, ${fmt(meta.durationS / 60)} min`,
    '',
    '| section | measure | median | min | max | unit |',
    '|---|---|--:|--:|--:|---|',
  );
  for (const s of sections) {
    for (const r of s.rows) {
      out.push(
        `| ${s.title} | ${r.measure} | ${r.text ?? fmt(r.stat?.median)} | ${fmt(r.stat?.min)} | ${fmt(r.stat?.max)} | ${r.unit} |`,
      );
    }
  }
  const targets = sections.flatMap((s) => s.targets);
  if (targets.length > 0) {
    out.push('', '| target | goal | measured (median) | met |', '|---|---|--:|---|');
    for (const t of targets)
      out.push(`| ${t.name} | ${t.goal} | ${t.measured} | ${t.met === undefined ? 'not measured' : t.met ? 'yes' : 'no'} |`);
  }
  const notes = [...meta.notes, ...sections.flatMap((s) => s.notes.map((n) => `${s.title}: ${n}`))];
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}

export function writeResults(file: string, meta: BenchMeta, sections: readonly SectionResult[]): void {
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim(), memGiB: Math.round(os.totalmem() / 2 ** 30) };
  fs.writeFileSync(file, `${JSON.stringify({ ...meta, machine, sections }, null, 2)}\n`);
}

/**
 * The programs we compare against, from Debian's packages: installed when missing (apt-get
 * update once, then one install), and skipped with a note when that fails.
 */
import { spawnSync } from 'node:child_process';
import { progress } from './proc.js';

export type PeerPackage = 'poppler-utils' | 'tesseract-ocr' | 'tesseract-ocr-chi-sim' | 'ocrmypdf' | 'time' | 'redis-server';

export interface Peers {
  has(pkg: PeerPackage): boolean;
  /** Versions of the peers that are there, for results.json. */
  versions: Record<string, string>;
  /** What could not be installed and why. */
  notes: string[];
}

const ok = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

const PRESENT: Record<PeerPackage, () => boolean> = {
  'poppler-utils': () => ok('pdftotext', ['-v']) && ok('pdfunite', ['-v']) && ok('pdfseparate', ['-v']),
  'tesseract-ocr': () => ok('tesseract', ['--version']),
  'tesseract-ocr-chi-sim': () => /^chi_sim$/m.test(spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' }).stdout ?? ''),
  ocrmypdf: () => ok('ocrmypdf', ['--version']),
  time: () => ok('/usr/bin/time', ['--version']),
  'redis-server': () => ok('redis-server', ['--version']),
};

function aptInstall(pkgs: readonly string[]): { ok: boolean; message: string } {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const r = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { env, encoding: 'utf8' });
  return { ok: r.status === 0, message: (r.stderr || r.error?.message || '').trim().split('\n').slice(-2).join(' ') };
}

export function ensurePeers(wanted: readonly PeerPackage[]): Peers {
  const notes: string[] = [];
  const missing = wanted.filter((p) => !PRESENT[p]());
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      notes.push(`not root, so not installing ${missing.join(', ')}: apt-get install ${missing.join(' ')}`);
    } else {
      progress(`installing ${missing.join(', ')} (apt-get)`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const update = spawnSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore' });
      if (update.status !== 0) notes.push('apt-get update failed; trying to install from the package lists there are');
      if (!aptInstall(missing).ok) {
        // One package that cannot be had must not keep the others out.
        for (const pkg of missing) {
          const r = aptInstall([pkg]);
          if (!r.ok) notes.push(`${pkg} could not be installed (${r.message || 'apt-get failed'}); its comparisons are skipped`);
        }
      }
    }
  }
  const present = new Set(wanted.filter((p) => PRESENT[p]()));
  for (const p of wanted)
    if (!present.has(p) && !notes.some((n) => n.includes(p))) notes.push(`${p} is missing; its comparisons are skipped`);
  return { has: (pkg) => present.has(pkg), versions: versions(present), notes };
}

function versions(present: ReadonlySet<PeerPackage>): Record<string, string> {
  const first = (cmd: string, args: string[]): string => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] ?? '';
  };
  const v: Record<string, string> = { node: process.version };
  if (present.has('poppler-utils')) v.pdftotext = first('pdftotext', ['-v']);
  if (present.has('tesseract-ocr')) v.tesseract = first('tesseract', ['--version']);
  if (present.has('ocrmypdf')) v.ocrmypdf = first('ocrmypdf', ['--version']);
  if (present.has('redis-server')) v.redis = first('redis-server', ['--version']);
  return v;
}

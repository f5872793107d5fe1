/**
 * How much parallel CPU this machine gives right now: the same busy loop in 1 process and in
 * `n` processes at once. On an idle machine with n cores, n loops take as long as one (speed-up
 * n); other load lowers it. It is the ceiling for any scaling measured at the same time.
 */
import { pool, timed } from './proc.js';

/** About 1 s of one core. */
const LOOP = 'let x = 0; for (let i = 0; i < 6e8; i++) x += i % 7; if (x < 0) console.log(x);';

export async function parallelSpeedup(n: number): Promise<number> {
  const one = await timed(process.execPath, ['-e', LOOP]);
  const t0 = performance.now();
  await pool(
    Array.from({ length: n }, () => () => timed(process.execPath, ['-e', LOOP])),
    n,
  );
  const all = (performance.now() - t0) / 1000;
  return (n * one.wallS) / all;
}

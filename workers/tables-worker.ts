/** Entry point: the tables stage alone, for scaling it out (`node dist/workers/tables-worker.js`). */
import { runStage } from './standalone.js';

await runStage('tables');

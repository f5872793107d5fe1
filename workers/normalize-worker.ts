/** Entry point: the normalize stage alone, for scaling it out (`node dist/workers/normalize-worker.js`). */
import { runStage } from './standalone.js';

await runStage('normalize');

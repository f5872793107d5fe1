/** Entry point: the extract stage alone, for scaling it out (`node dist/workers/extract-worker.js`). */
import { runStage } from './standalone.js';

await runStage('extract');

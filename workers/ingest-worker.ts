/** Entry point: the ingest stage alone, for scaling it out (`node dist/workers/ingest-worker.js`). */
import { runStage } from './standalone.js';

await runStage('ingest');

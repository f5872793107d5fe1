/** Entry point: the OCR stage alone, for scaling it out (`node dist/workers/ocr-worker.js`). */
import { runStage } from './standalone.js';

await runStage('ocr');

/** Entry point: the upload-folder watcher alone (`node dist/workers/watcher-main.js`). */
import { runWatcher } from './standalone.js';

await runWatcher();

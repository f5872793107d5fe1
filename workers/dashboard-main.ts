/** Entry point: the dashboard alone (`node dist/workers/dashboard-main.js`). */
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { serveDashboard } from './dashboard/index.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`nianbao dashboard: ${err.message}\n`);
  process.exit(2);
}
await serveDashboard(config);

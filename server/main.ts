/** `npm start`: the HTTP server with in-process workers (unless WORKERS_IN_PROCESS=false). */
import { loadConfig, ConfigError } from './config.ts';
import { createLogger } from './log.ts';
import { start } from './runtime.ts';
import { runMain } from './process.ts';

await runMain(
  'notula',
  async () => {
    const config = loadConfig();
    const log = createLogger(config.logLevel);
    return { log, running: await start(config, log, { http: true, workers: config.workersInProcess }) };
  },
  ConfigError,
);

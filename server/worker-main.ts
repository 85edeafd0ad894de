/** `npm run worker`: job workers only, no HTTP. With MongoDB any number of these share one queue. */
import { loadConfig, ConfigError } from './config.ts';
import { createLogger } from './log.ts';
import { start } from './runtime.ts';
import { runMain } from './process.ts';

await runMain(
  'notula-worker',
  async () => {
    const config = loadConfig();
    const log = createLogger(config.logLevel, 'notula-worker');
    return { log, running: await start(config, log, { http: false, workers: true }) };
  },
  ConfigError,
);

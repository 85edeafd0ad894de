import type { Logger } from './log.ts';
import type { Running } from './runtime.ts';
import { StoreLockedError } from './store/types.ts';

/**
 * Runs an entry point: a configuration or lock problem ends it with one readable sentence;
 * SIGTERM/SIGINT shut it down gracefully (a second signal exits at once).
 */
export async function runMain(
  name: string,
  boot: () => Promise<{ log: Logger; running: Running }>,
  ConfigErrorClass: new (...a: never[]) => Error,
): Promise<void> {
  let started: { log: Logger; running: Running };
  try {
    started = await boot();
  } catch (e) {
    if (e instanceof ConfigErrorClass || e instanceof StoreLockedError) {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${name}: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  const { log, running } = started;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      log.warn('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/**
 * Structured JSON logs on stdout (or `destination`, for tests that read them); one logger per
 * process, children per request and per job.
 */
export function createLogger(level: LogLevel, name = 'notula', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'],
      remove: true,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

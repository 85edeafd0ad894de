import type { Logger } from '../log.ts';
import type { Principal } from '../services/auth.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the authenticate middleware when a valid session cookie or bearer token came along. */
      principal?: Principal;
      /** Request id, also in every log line of the request and the X-Request-Id response header. */
      reqId: string;
      /** When the request reached the app (performance.now()), and the logger of its log line (requestLog). */
      startedAt: number;
      requestLog?: Logger;
    }
  }
}

export {};

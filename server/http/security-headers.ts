/**
 * The security headers of every answer (helmet: a strict CSP, no sniffing, no framing, …). With
 * this configuration they are the same on every answer, so they are learned once from helmet at
 * start-up and set in one step per request, instead of through helmet's dozen middlewares.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestStart } from './middleware.ts';
import helmet from 'helmet';
import type { Config } from '../config.ts';

function helmetFor(config: Pick<Config, 'cookieSecure'>) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Lit and wavesurfer.js put <style> elements in shadow roots.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: config.cookieSecure,
  });
}

/** The headers helmet sets (and the ones it removes), recorded from one call on a stand-in answer. */
function learn(middleware: ReturnType<typeof helmet>): { set: Array<[string, string]>; removed: string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, String(value));
      return res;
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.push(name);
    },
  };
  let done = false;
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('helmet did not set its headers synchronously');
  return { set: [...set], removed };
}

export function securityHeaders(config: Pick<Config, 'cookieSecure'>): RequestStart {
  const { set, removed } = learn(helmetFor(config));
  return (_req, res) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
  };
}

/**
 * How long a request may take to arrive. Node's own `requestTimeout` treats every request alike,
 * so it would cut a long upload as surely as a stalled one. Here an ordinary request's body gets
 * REQUEST_TIMEOUT_SECONDS in all; an upload's body (tus PATCH, multipart POST) may run for as long
 * as its bytes keep coming, and is cut after UPLOAD_IDLE_SECONDS without any.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { RequestStart } from './middleware.ts';
import './types.ts';

/** The requests each deadline watches (several apps may share a process, as tests' servers do). */
const watchers = new WeakMap<IncomingMessage, Map<IncomingMessage, Watched>>();

interface Watched {
  res: ServerResponse;
  /** When its headers had arrived (ms). */
  at: number;
}

/**
 * Answers 408 when nothing has been answered yet, then aborts the request, which closes the
 * connection and tells whoever reads the body (tus, the parsers) that no more is coming; closing
 * the socket alone would leave a reader waiting, and tus holding the upload's lock.
 */
function cutOff(req: IncomingMessage, res: ServerResponse, message: string): void {
  if (req.complete || req.socket.destroyed) return;
  if (res.headersSent) {
    req.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: 'request_timeout', message } });
  res.writeHead(408, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body, () => req.destroy());
}

/**
 * App-wide: the whole request (body included) must arrive within `ms` of its headers. One timer
 * per app looks over the requests still arriving every 50 ms, rather than a timer and three
 * listeners per request: a request is cut at most 50 ms late, and one that has arrived is let go
 * within 50 ms, before the garbage collector would move it to the old generation.
 */
export function requestDeadline(ms: number): RequestStart {
  const message = `The request took longer than ${Math.round(ms / 1000)} s to arrive (REQUEST_TIMEOUT_SECONDS).`;
  const every = Math.min(50, ms);
  const arriving = new Map<IncomingMessage, Watched>();
  let sweeper: NodeJS.Timeout | null = null;
  const sweep = (): void => {
    const now = Date.now();
    for (const [req, w] of arriving) {
      // A handler may answer without reading the body; the deadline then stays until it arrives.
      if (req.complete || req.socket.destroyed) arriving.delete(req);
      else if (now - w.at >= ms) {
        arriving.delete(req);
        cutOff(req, w.res, message);
      }
    }
    if (arriving.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = null;
    }
  };
  return (req, res) => {
    // `req.complete` is still false here even for a GET: the parser sets it after this event.
    arriving.set(req, { res, at: Date.now() });
    watchers.set(req, arriving);
    if (!sweeper) {
      sweeper = setInterval(sweep, every);
      sweeper.unref();
    }
  };
}

/**
 * For upload routes, after authentication: a signed-in caller's body has no overall deadline but
 * is cut after `ms` without a byte (the socket's idle timer, refreshed by every read). Anonymous
 * callers keep the ordinary deadline, so nobody unknown can hold a connection open by trickling.
 */
export function uploadIdle(ms: number): RequestHandler {
  const message = `The upload sent nothing for ${Math.round(ms / 1000)} s and was cut off (UPLOAD_IDLE_SECONDS); resume it.`;
  return (req, res, next) => {
    if (!req.principal) return next();
    watchers.get(req)?.delete(req);
    // Once the body is in, the time spent on it (waiting for the upload's lock, probing, storing)
    // is not the uploader's silence, and a kept-alive connection must not carry the limit on.
    const release = (): void => {
      if (!req.complete) return;
      res.off('timeout', onIdle);
      req.socket.setTimeout(0);
    };
    const onIdle = (): void => {
      if (req.complete) release();
      else cutOff(req, res, message);
    };
    // On the response: Node tells it of an idle socket whether or not the request is complete.
    res.setTimeout(ms, onIdle);
    req.once('end', release);
    res.once('finish', release);
    next();
  };
}

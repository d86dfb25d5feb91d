import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from './error-body';

export interface LoadSheddingOptions {
  /** API requests the portal works on at once; past it, 503 at once. */
  maxInFlight: number;
  /** Paths never refused (the health check a load balancer polls). Live streams (Server-Sent Events) are never counted. */
  exempt?: (path: string) => boolean;
  /** Clock in ms, for tests. */
  nowMs?: () => number;
}

/**
 * Sheds load instead of queueing it: past `maxInFlight` API requests under way, a request is
 * answered 503 SERVER_BUSY at once with `Retry-After` (how long the requests under way should take
 * at the pace the portal answers now), so a rush makes clients wait a few seconds and retry rather
 * than pile up until their sockets time out. A refused request did nothing: the client sends it
 * again as it was, with the same request id, and it lands once.
 */
export function loadShedding(options: LoadSheddingOptions) {
  const nowMs = options.nowMs ?? Date.now;
  let inFlight = 0;
  // Answers in the last whole seconds, to tell how long the requests under way will take.
  let windowStart = nowMs();
  let answeredInWindow = 0;
  let answeredPerSecond = 0;
  const answered = () => {
    inFlight--;
    const now = nowMs();
    if (now - windowStart >= 1000) {
      answeredPerSecond = (answeredInWindow * 1000) / (now - windowStart);
      windowStart = now;
      answeredInWindow = 0;
    }
    answeredInWindow++;
  };

  return (request: Request, response: Response, next: NextFunction): void => {
    // A live stream stays open for as long as the page does: it is no work under way.
    const stream = (request.headers.accept ?? '').includes('text/event-stream');
    if (!request.path.startsWith('/api/') || stream || options.exempt?.(request.path)) return next();
    if (inFlight >= options.maxInFlight) {
      const seconds = Math.min(30, Math.max(1, Math.ceil(inFlight / Math.max(answeredPerSecond, 1))));
      const body: ErrorBody = { statusCode: 503, code: 'SERVER_BUSY', message: `Beaucoup de demandes en ce moment : nouvel essai dans ${seconds} s.` };
      response.setHeader('Retry-After', String(seconds));
      response.status(503).json(body);
      return;
    }
    inFlight++;
    let done = false;
    const settle = () => {
      if (done) return;
      done = true;
      answered();
    };
    response.once('finish', settle);
    response.once('close', settle);
    next();
  };
}

import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, register } from 'prom-client';

const requests =
  (register.getSingleMetric('http_requests_total') as Counter<string> | undefined) ??
  new Counter({ name: 'http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'] });
const duration =
  (register.getSingleMetric('http_request_duration_seconds') as Histogram<string> | undefined) ??
  new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

/** Counts every request by its route pattern (not its URL, which would explode the label set). */
export function httpMetricsMiddleware(request: Request, response: Response, next: NextFunction): void {
  const stop = duration.startTimer();
  response.on('finish', () => {
    const route = (request.route?.path as string | undefined) ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(response.statusCode) });
    stop({ method: request.method, route });
  });
  next();
}

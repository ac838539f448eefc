import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { ApiRoute } from '../openapi/api-route.decorator';
import { HEALTH_CHECKS, HealthCheck } from './health-check';

const CHECK_TIMEOUT_MS = 3000;

/** Liveness (the process runs) and readiness (its dependencies answer), for orchestrators. */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Optional() @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[] = []) {}

  @Get('live')
  @HttpCode(200)
  @ApiRoute({ summary: 'Liveness: the process is running', tags: ['health'], responses: { 200: 'alive' } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiRoute({ summary: 'Readiness: every dependency answers', tags: ['health'], responses: { 200: 'ready', 503: 'a dependency does not answer' } })
  async ready(@Res({ passthrough: true }) response: Response) {
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
          return [name, { status: 'ok' }] as const;
        } catch (error) {
          return [name, { status: 'down', reason: (error as Error).message }] as const;
        }
      }),
    );
    const ready = results.every(([, result]) => result.status === 'ok');
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(results) };
  }
}

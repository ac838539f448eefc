import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/public.decorator';
import { ApiRoute } from '../openapi/api-route.decorator';
import { HEALTH_CHECKS, HEALTH_OPTIONS, HealthCheck, HealthOptions } from './health-check';
import { Readiness, runHealthChecks } from './run-health-checks';

const DEFAULT_TIMEOUT_MS = 3000;

const checkResult = z.object({ status: z.enum(['ok', 'down']), reason: z.string().optional() });
const readiness = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), checkResult) });

/** Liveness (the process runs) and readiness (its dependencies answer), for orchestrators and load balancers. */
@Public()
@Controller('health')
export class HealthController {
  private checks?: HealthCheck[];

  constructor(
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions = {},
  ) {}

  @Get('live')
  @ApiRoute({ summary: 'Liveness: the process is running', tags: ['health'], responses: { 200: z.object({ status: z.literal('ok') }) } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiRoute({
    summary: 'Readiness: every dependency answers',
    tags: ['health'],
    responses: {
      200: { description: 'every check passed', schema: readiness },
      503: { description: 'a check failed: its reason is in `checks`', schema: readiness, contentType: 'application/json' },
    },
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<Readiness> {
    const result = await runHealthChecks(this.allChecks(), this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    response.status(result.status === 'ok' ? 200 : 503);
    return result;
  }

  /** The checks every module provides under HEALTH_CHECKS, found once. */
  private allChecks(): HealthCheck[] {
    if (!this.checks) {
      let provided: unknown[] = [];
      try {
        provided = this.moduleRef.get(HEALTH_CHECKS, { strict: false, each: true }) as unknown[];
      } catch {
        // No module provides any: ready as soon as the process runs.
      }
      this.checks = provided.flat() as HealthCheck[];
    }
    return this.checks;
  }
}

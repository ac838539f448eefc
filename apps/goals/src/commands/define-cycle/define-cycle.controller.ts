import { Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiRoute, calendarDateSchema, idSchema, nonEmptyText, Roles, ValidBody } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { ID_GENERATOR, IdGenerator } from '../../application/id-generator.port';
import { commandResult, commandResultSchema } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtField } from '../../http/effective-at.request';

const date = calendarDateSchema;

export const defineCycleRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('quarter'),
    id: idSchema.optional(),
    fiscalYear: z.number().int().min(1900).max(9999).describe('named by the calendar year in which the fiscal year ends'),
    quarter: z.number().int().min(1).max(4),
    effectiveAt: effectiveAtField,
  }),
  z.strictObject({ kind: z.literal('custom'), id: idSchema.optional(), name: nonEmptyText(200), startsOn: date, endsOn: date, effectiveAt: effectiveAtField }),
]);

@Controller('cycles')
export class DefineCycleController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({
    summary: "Define a cycle: a fiscal quarter (dates from the organisation's fiscal-year start) or custom dates",
    tags: ['cycles'],
    responses: { 201: { description: 'defined', schema: commandResultSchema } },
  })
  async define(@ValidBody(defineCycleRequest) body: z.infer<typeof defineCycleRequest>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const cycleId = body.id ?? this.ids.newId();
    const result = await this.commands.cycle(cycleId, { ...origin, effectiveAt: body.effectiveAt }, async (context) =>
      body.kind === 'quarter'
        ? {
            type: 'DefineQuarter',
            data: { cycleId, fiscalYear: body.fiscalYear, quarter: body.quarter, fiscalYearStartMonth: (await this.lookups.organizationAt(context.effectiveAt)).policy.fiscalYearStartMonth },
            context,
          }
        : { type: 'DefineCustomCycle', data: { cycleId, name: body.name, startsOn: body.startsOn, endsOn: body.endsOn }, context },
    );
    return commandResult(response, cycleId, result);
  }
}

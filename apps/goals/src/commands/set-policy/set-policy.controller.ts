import { Controller, Put, Res } from '@nestjs/common';
import { ApiRoute, Roles, ValidBody } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtField } from '../../http/effective-at.request';

export const setPolicyRequest = z.strictObject({
  individualObjectives: z.enum(['refuse', 'warn']).optional().describe('objectives owned by a person: refused (default) or recorded with a warning'),
  minGroupSize: z.number().int().min(1).max(1000).optional().describe('aggregates over fewer people are withheld from those who may not see the rows'),
  fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
  effectiveAt: effectiveAtField,
});

@Controller('org/policy')
export class SetPolicyController {
  constructor(private readonly commands: GoalCommands) {}

  @Put()
  @Roles('admin')
  @ApiRoute({ summary: "Change the organisation's policy", tags: ['organisation'], responses: commandResponses })
  async set(@ValidBody(setPolicyRequest) { effectiveAt, ...policy }: z.infer<typeof setPolicyRequest>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const result = await this.commands.organization({ ...origin, effectiveAt }, (context) => ({ type: 'SetPolicy', data: policy, context }));
    return commandResult(response, 'organization', result);
  }
}

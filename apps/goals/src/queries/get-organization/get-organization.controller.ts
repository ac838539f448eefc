import { Controller, Get, Res } from '@nestjs/common';
import { ApiRoute, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { GoalQueries } from '../../application/goal-queries';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';

@Controller('org')
export class GetOrganizationController {
  constructor(private readonly queries: GoalQueries) {}

  @Get()
  @ApiRoute({ summary: 'The organisation: policy, units, people, memberships and leads, now or at any instant', tags: ['organisation'], responses: { 200: 'the organisation' } })
  async get(@ValidQuery(timeTravelQuery) at: TimeTravelQuery, @Res({ passthrough: true }) response: Response) {
    // The events known at knownAt and effective by asOf, folded into the timeline: the organisation as it was then.
    const read = await this.queries.state('organization', 'organization', at);
    return withVersion(response, at, 'organization', read, { state: read.state.current });
  }
}

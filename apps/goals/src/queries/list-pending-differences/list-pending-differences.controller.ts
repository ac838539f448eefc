import { Controller, Get } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidParams } from '@okr/service-kit';
import { z } from 'zod';
import { ListPendingDifferencesHandler } from './list-pending-differences.handler';

const cycleParams = z.strictObject({ cycleId: idSchema });

@Controller('cycles/:cycleId/pending-differences')
export class ListPendingDifferencesController {
  constructor(private readonly handler: ListPendingDifferencesHandler) {}

  @Get()
  @Roles('admin')
  @ApiRoute({
    summary: 'The closed cycle’s bound goals whose facts changed after their values were frozen, with both values, for an admin to accept or reject (admins)',
    tags: ['cycles', 'metrics'],
    responses: { 200: 'the pending differences', 404: 'no such cycle' },
  })
  list(@ValidParams(cycleParams) { cycleId }: z.infer<typeof cycleParams>) {
    return this.handler.list(cycleId);
  }
}

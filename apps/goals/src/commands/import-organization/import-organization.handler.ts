import { Injectable } from '@nestjs/common';
import { WrongExpectedVersionError } from '@okr/event-store';
import { OrganizationImportRow, planOrganizationImport } from '@okr/goals-domain';
import { AggregateRepository, ChangeOrigin } from '../../application/aggregate-repository';
import { deciders, goalStreams } from '../../application/goal-streams';
import { UnreadableOrganizationLine } from './organization-csv';

@Injectable()
export class ImportOrganizationHandler {
  constructor(private readonly repository: AggregateRepository) {}

  /** Plans every row against the current organisation, then records the good rows in one append: all of them or, on a conflict, none. */
  async import(rows: OrganizationImportRow[], origin: ChangeOrigin, unreadable: UnreadableOrganizationLine[] = []) {
    const { state, version } = await this.repository.load(deciders.organization, goalStreams.organization());
    if (origin.expectedVersion !== undefined && origin.expectedVersion !== version) {
      throw new WrongExpectedVersionError(goalStreams.organization(), origin.expectedVersion, version);
    }
    const plan = planOrganizationImport(state, rows, this.repository.commandContext(origin));
    const newVersion = await this.repository.appendDecided(goalStreams.organization(), plan.events, origin, version);
    const errors = [...plan.errors, ...unreadable].sort((a, b) => a.line - b.line);
    const rejected = plan.summary.rejected + new Set(unreadable.map((line) => line.line)).size;
    return { summary: { ...plan.summary, rejected }, errors, version: newVersion };
  }
}

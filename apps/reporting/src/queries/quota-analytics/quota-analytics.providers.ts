import { Provider, Type } from '@nestjs/common';
import { RuleViolationError } from '@okr/goals-domain';
import { ERROR_MAPPINGS, ErrorMapping } from '@okr/service-kit';
import { QuotaAttainability } from '../../application/quota-attainability';
import { QuotaDistributions } from '../../application/quota-distribution';
import { QuotaLateRevisions } from '../../application/quota-late-revisions';
import { QuotaTable } from '../../application/quota-table';
import { CycleRescoring } from './cycle-rescoring.handler';
import { CycleRescoringController } from './cycle-rescoring.controller';
import { LateRevisionsController } from './late-revisions.controller';
import { QuotaAttainabilityController } from './quota-attainability.controller';
import { QuotaDistributionController } from './quota-distribution.controller';

/** Re-scoring a cycle that is not closed is a well-formed request the rules refuse. */
const errorMappings: ErrorMapping[] = [{ error: RuleViolationError, status: 422, type: 'rule-violated', title: 'Refused by a business rule' }];

export const quotaAnalyticsControllers: Type[] = [QuotaDistributionController, QuotaAttainabilityController, LateRevisionsController, CycleRescoringController];

export const quotaAnalyticsProviders: Provider[] = [QuotaTable, QuotaDistributions, QuotaAttainability, QuotaLateRevisions, CycleRescoring, { provide: ERROR_MAPPINGS, useValue: errorMappings }];

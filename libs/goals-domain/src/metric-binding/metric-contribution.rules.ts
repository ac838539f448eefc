import { assertFinite } from '../shared/check-in';
import { assertCycleClosed, assertReason, CycleStatus } from '../shared/cycle-status';
import { InvalidInputError, NotFoundError, RuleViolationError } from '../shared/domain-error';
import { unreachable } from '../shared/unreachable';
import { assertMetricKey, MetricWindow } from './metric-binding';
import { BoundMetric, MetricContributionCommand, MetricContributionData, MetricContributionEvent } from './metric-contribution';

/**
 * The rules every bound goal shares, whatever aggregate holds it:
 * - a record's change applies once: a version at or below the last applied one records nothing
 *   (redelivery, replays, an older change arriving late);
 * - into an open cycle (or a KPI, which has none) it is recorded;
 * - into a closed cycle, a change that would move the closed number (it occurred inside the
 *   cycle, or it withdraws or moves a contribution that did) becomes a proposal for an admin;
 *   one that cannot move it is left out.
 * `target` is what the events name besides the contribution (the key result of an objective).
 */
export function decideMetricContribution<Target extends object>(
  bound: BoundMetric | undefined,
  command: MetricContributionCommand<Target>,
  target: Target,
): MetricContributionEvent<Target>[] {
  if (!bound) throw new RuleViolationError('this goal is not bound to a metric');
  switch (command.type) {
    case 'RecordMetricContribution': {
      const point = command.data.dataPoint;
      assertDataPoint(point, bound.binding.metric);
      const applied = bound.contributions[point.sourceRecordKey];
      if ((applied && point.recordVersion <= applied.recordVersion) || bound.proposals[point.dataPointId]) return [];
      const data = { ...target, ...point };
      if (command.data.cycleStatus === 'open') return [{ type: 'MetricContributionRecorded', data }];
      const window = bound.binding.window;
      const movesTheClosedNumber = inWindow(window, point.occurredAt) || (applied?.operation === 'upsert' && inWindow(window, applied.occurredAt));
      return movesTheClosedNumber ? [{ type: 'MetricContributionProposed', data }] : [];
    }
    case 'AcceptMetricContribution': {
      const proposal = pendingProposal(bound, command.data.dataPointId, command.data.cycleStatus, command.data.reason);
      const applied = bound.contributions[proposal.sourceRecordKey];
      if (applied && applied.recordVersion >= proposal.recordVersion) {
        throw new RuleViolationError(`version ${applied.recordVersion} of ${proposal.sourceRecordKey} is already applied; reject this older proposal`, 'dataPointId');
      }
      const { proposedAt: _proposedAt, ...data } = proposal;
      return [{ type: 'MetricContributionAmended', data: { ...target, ...data, reason: command.data.reason.trim() } }];
    }
    case 'RejectMetricContribution': {
      const { subject } = pendingProposal(bound, command.data.dataPointId, command.data.cycleStatus, command.data.reason);
      return [{ type: 'MetricContributionRejected', data: { ...target, dataPointId: command.data.dataPointId, subject, reason: command.data.reason.trim() } }];
    }
    default:
      return unreachable(command);
  }
}

/** [from, to) of a cycle window; every occurrence is inside the rolling and all-time windows' reach. */
export function inWindow(window: MetricWindow, occurredAt: string): boolean {
  if (window.kind !== 'cycle') return true;
  const at = Date.parse(occurredAt);
  return at >= Date.parse(window.from) && at < Date.parse(window.to);
}

function assertDataPoint(point: MetricContributionData, boundMetric: string): void {
  assertMetricKey(boundMetric);
  if (point.recordVersion < 1 || !Number.isInteger(point.recordVersion)) throw new InvalidInputError('recordVersion must be a whole number from 1', 'recordVersion');
  if (point.operation === 'upsert') {
    if (point.value === undefined) throw new InvalidInputError('an upsert needs a value', 'value');
    assertFinite(point.value, 'value');
  }
  if (Number.isNaN(Date.parse(point.occurredAt))) throw new InvalidInputError('occurredAt must be an instant', 'occurredAt');
}

function pendingProposal(bound: BoundMetric, dataPointId: string, cycleStatus: CycleStatus, reason: string) {
  assertCycleClosed(cycleStatus);
  assertReason(reason);
  const proposal = bound.proposals[dataPointId];
  if (!proposal) throw new NotFoundError(`no pending proposal ${dataPointId}`, 'dataPointId');
  return proposal;
}

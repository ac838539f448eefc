import { AttainabilityFigures } from '../../application/quota-attainability';
import { QuotaDistributionReport } from '../../application/quota-distribution';
import { LateRevision, LateRevisionCount } from '../../application/quota-late-revisions';
import { QuotaRow } from '../../application/quota-table';
import { RescoredObjective } from './cycle-rescoring.handler';

/*
 * Quota analytics as CSV, built from the same answers as the JSON routes, so they hold exactly
 * what the caller may see.
 */

export function distributionCsv(report: QuotaDistributionReport): string {
  const lines: unknown[][] = [['unit', 'metric', 'measure', 'people', 'against', 'attainment', 'at_least_80', 'share_80', 'at_least_100', 'share_100', 'at_least_120', 'share_120', 'withheld']];
  for (const { unit, metrics } of report.units) {
    for (const m of metrics) {
      if (m.withheld) {
        lines.push([unit.id, m.metric, m.unit, '', '', '', '', '', '', '', '', '', m.reason]);
        continue;
      }
      for (const [against, b] of [['revised', m.againstRevised], ['original', m.againstOriginal]] as const) {
        lines.push([unit.id, m.metric, m.unit, m.people, against, b.attainment, b.atLeast80.count, b.atLeast80.share, b.atLeast100.count, b.atLeast100.share, b.atLeast120.count, b.atLeast120.share, '']);
      }
    }
  }
  return csvOf(lines);
}

export function quotaRowsCsv(rows: (QuotaRow & { history: AttainabilityFigures })[]): string {
  const lines: unknown[][] = [['target', 'person', 'unit', 'metric', 'original_quota', 'quota', 'attained', 'attainment', 'person_best', 'person_median_attainment', 'unit_best', 'unit_median', 'far_above_history']];
  for (const r of rows) {
    const { person, unit, flag } = r.history;
    lines.push([r.targetId, r.personId, r.unitId, r.metric, r.originalTarget, r.currentTarget, r.value, r.attainment, person.bestAttained ?? '', person.medianAttainment ?? '', unit.bestAttained ?? '', unit.medianAttained ?? '', flag.farAboveHistory]);
  }
  return csvOf(lines);
}

export function lateRevisionsCsv(answer: { unit: { id: string }; counts: LateRevisionCount[]; revisions: LateRevision[] }): string {
  const lines: unknown[][] = [['section', 'unit', 'target', 'person', 'metric', 'original_quota', 'from', 'to', 'quota', 'effective_at', 'reason_or_count']];
  for (const c of answer.counts) lines.push(['count', answer.unit.id, '', '', c.metric, '', '', '', '', '', c.withheld ? c.reason : c.count]);
  for (const r of answer.revisions) lines.push(['revision', r.unitId, r.targetId, r.personId, r.metric, r.originalTarget, r.from, r.to, r.currentTarget, r.effectiveAt, r.reason]);
  return csvOf(lines);
}

export function rescoringCsv(answer: { rule: string; recordedRule: string | null; objectives: RescoredObjective[] }): string {
  const lines: unknown[][] = [['objective', 'key_result', 'title', 'recorded', `rescored_${answer.rule}`, 'recorded_rule']];
  for (const o of answer.objectives) {
    lines.push([o.objectiveId, '', o.title, o.withheld ?? o.recorded, o.withheld ?? o.rescored, answer.recordedRule ?? '']);
    for (const k of o.keyResults) lines.push([o.objectiveId, k.keyResultId, k.title, k.withheld ?? k.recorded ?? '', k.withheld ?? k.rescored, answer.recordedRule ?? '']);
  }
  return csvOf(lines);
}

function csvOf(lines: unknown[][]): string {
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula (the dashboard CSV's rule). */
function csvField(value: unknown): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

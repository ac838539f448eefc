import { UnitReport } from '../../application/unit-report';

const COLUMNS = ['section', 'unit', 'id', 'name', 'person', 'metric', 'value', 'target', 'progress_or_attainment', 'status', 'source'];

/**
 * The dashboard as CSV, one line per figure, built from the same report as the JSON answer: it
 * holds exactly the rows and aggregates the caller may see, and withheld aggregates say so.
 */
export function unitReportCsv(report: UnitReport): string {
  const lines: unknown[][] = [COLUMNS];
  for (const o of report.objectives) {
    lines.push(['objective', o.unitId, o.id, o.title, '', '', '', '', o.progress ?? '', o.confidence ?? '', o.source]);
    for (const kr of o.keyResults) lines.push(['key-result', o.unitId, `${o.id}/${kr.id}`, kr.title, '', kr.unit ?? '', kr.value ?? '', kr.target ?? '', kr.progress ?? '', kr.withheld ?? kr.confidence ?? '', kr.source ?? '']);
  }
  for (const k of report.kpis) lines.push(['kpi', report.unit.id, k.id, k.name, '', k.unit, k.value ?? '', '', '', k.withheld ?? k.health, k.source ?? '']);
  const aggregateLines = (unitId: string, aggregates: UnitReport['targets']['aggregates']) => {
    for (const a of aggregates) {
      if (a.withheld) lines.push(['target-aggregate', unitId, '', '', '', a.metric, '', '', '', a.reason, '']);
      else lines.push(['target-aggregate', unitId, '', `${a.people} people`, '', a.metric, a.totalAttained, a.totalTarget, a.attainment, `>=80%: ${a.distribution.atLeast80}; >=100%: ${a.distribution.atLeast100}; >=120%: ${a.distribution.atLeast120}`, a.source]);
    }
  };
  aggregateLines(report.unit.id, report.targets.aggregates);
  for (const sub of report.subUnits) aggregateLines(sub.unit.id, sub.targets);
  for (const r of report.targets.rows) lines.push(['target', r.unitId, r.targetId, '', r.personId, r.metric, r.value, r.currentTarget, r.attainment, r.confidence ?? '', r.source ?? '']);
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula. */
function csvField(value: unknown): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

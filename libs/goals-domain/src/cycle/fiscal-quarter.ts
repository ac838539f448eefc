import { InvalidInputError } from '../shared/domain-error';

export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  startsOn: string;
  endsOn: string;
}

/**
 * A fiscal year is named by the calendar year in which it ends: with a February start, FY2027
 * runs from 1 February 2026 to 31 January 2027. With a January start it is the calendar year.
 */
export function fiscalQuarter(fiscalYear: number, quarter: number, fiscalYearStartMonth: number): DateRange {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1900 || fiscalYear > 9999) throw new InvalidInputError('fiscalYear must be a year', 'fiscalYear');
  if (![1, 2, 3, 4].includes(quarter)) throw new InvalidInputError('quarter must be 1, 2, 3 or 4', 'quarter');
  if (!Number.isInteger(fiscalYearStartMonth) || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
    throw new InvalidInputError('fiscalYearStartMonth must be a month from 1 to 12', 'fiscalYearStartMonth');
  }
  const startYear = fiscalYearStartMonth === 1 ? fiscalYear : fiscalYear - 1;
  const startMonthIndex = fiscalYearStartMonth - 1 + (quarter - 1) * 3; // months since January of startYear
  const start = new Date(Date.UTC(startYear, startMonthIndex, 1));
  const end = new Date(Date.UTC(startYear, startMonthIndex + 3, 0)); // day 0 = last day of the month before
  return { startsOn: isoDate(start), endsOn: isoDate(end) };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

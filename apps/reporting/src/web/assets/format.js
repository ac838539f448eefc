/**
 * How numbers, amounts and instants read on the dashboard: the viewer's locale and time zone
 * (the exact instant in UTC on hover), currencies by their symbol, metrics by their names.
 */
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const instantFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const currencyFormats = new Map();

const formatNumber = (value) => (value === null || value === undefined ? '–' : numberFormat.format(value));

export const formatPercent = (ratio) => (ratio === null || ratio === undefined ? '–' : `${Math.round(ratio * 100)} %`);

/** An ISO 4217 code the browser knows, or null (a unit such as "meetings" or "points"). */
function currencyFormatOf(unit) {
  if (!/^[A-Z]{3}$/.test(unit ?? '')) return null;
  if (!currencyFormats.has(unit)) {
    try {
      currencyFormats.set(unit, new Intl.NumberFormat(undefined, { style: 'currency', currency: unit, maximumFractionDigits: 0 }));
    } catch {
      currencyFormats.set(unit, null);
    }
  }
  return currencyFormats.get(unit);
}

/** 90000, 'EUR' → '€90,000' (in the viewer's locale); 7, 'meetings' → '7 meetings'. */
export function formatAmount(value, unit) {
  if (value === null || value === undefined) return 'no value yet';
  const currency = currencyFormatOf(unit);
  return currency ? currency.format(value) : `${formatNumber(value)} ${unit ?? ''}`.trim();
}

/** A calendar day (YYYY-MM-DD) as the viewer writes it: 31 Mar 2027. */
export const formatDay = (day) => (day ? dayFormat.format(new Date(`${day}T12:00:00`)) : '–');

/** An instant in the viewer's time zone: 2 Apr 2027, 12:00. */
export const formatInstant = (iso) => (iso ? instantFormat.format(new Date(iso)) : '–');

/** The exact instant, for a title on hover: 2027-04-02 10:00:00 UTC. */
export const utcOf = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '');

/** The names of the metrics, from metrics-ingestion's definitions (the key itself when it has none). */
const metricDefinitions = new Map();
export const learnMetrics = (metrics) => metrics.forEach((metric) => metricDefinitions.set(metric.key, metric));
export const metricName = (key) => metricDefinitions.get(key)?.name ?? key;
export const knownMetrics = () => [...metricDefinitions.values()];

export const SOURCE_LABELS = {
  manual: 'entered by hand',
  ingested: 'ingested from a source system',
  'rolled-up': 'rolled up from the figures below',
};

export const CONFIDENCE_LABELS = { 'on-track': 'on track', 'at-risk': 'at risk', 'off-track': 'off track' };

export const DIRECTION_LABELS = { increase: 'increase', decrease: 'decrease', 'stay-above': 'stay above', 'stay-below': 'stay below', 'within-band': 'stay within' };

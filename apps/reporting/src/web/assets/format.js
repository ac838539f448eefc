/** How numbers, shares and instants read on the dashboard (the browser's locale, UTC dates). */
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export const formatNumber = (value) => (value === null || value === undefined ? '–' : numberFormat.format(value));

export const formatPercent = (ratio) => (ratio === null || ratio === undefined ? '–' : `${Math.round(ratio * 100)} %`);

export const formatAmount = (value, unit) => (value === null || value === undefined ? 'no value yet' : `${formatNumber(value)} ${unit ?? ''}`.trim());

/** 2027-03-31T23:59:59.999Z → 2027-03-31 23:59 UTC */
export const formatInstant = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '–');

export const SOURCE_LABELS = {
  manual: 'entered by hand',
  ingested: 'ingested from a source system',
  'rolled-up': 'rolled up from the figures below',
};

export const CONFIDENCE_LABELS = { 'on-track': 'on track', 'at-risk': 'at risk', 'off-track': 'off track' };

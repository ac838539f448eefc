import { MetricDataPointMessage } from '@okr/contracts';
import { factOf } from './metric-fact.mapping';

const message: MetricDataPointMessage = {
  dataPointId: 'salesforce:006A1:sales.closed_won_amount@2',
  metric: 'sales.closed_won_amount',
  subject: { type: 'person', id: 'ada' },
  operation: 'upsert',
  value: 30000,
  occurredAt: '2027-03-30T00:00:00.000Z',
  receivedAt: '2027-04-02T08:00:00.000+02:00',
  source: { system: 'salesforce', recordId: '006A1', changeId: 'tx-1/3' },
  sourceRecordKey: 'salesforce:006A1:sales.closed_won_amount',
  recordVersion: 2,
  actor: 'integration:salesforce',
  correlationId: 'c-1',
  position: 41,
};

describe('a data point as a metric fact', () => {
  it('keeps what the index needs, instants as epoch milliseconds (offsets honoured)', () => {
    expect(factOf(message)).toEqual({
      position: 41,
      metric: 'sales.closed_won_amount',
      subject: { type: 'person', id: 'ada' },
      sourceRecordKey: 'salesforce:006A1:sales.closed_won_amount',
      source: { system: 'salesforce', recordId: '006A1' },
      recordVersion: 2,
      operation: 'upsert',
      value: 30000,
      occurredAt: Date.UTC(2027, 2, 30),
      recordedAt: Date.UTC(2027, 3, 2, 6),
    });
  });

  it('has no value for a retraction', () => {
    const { value: _value, ...retraction } = message;
    const fact = factOf({ ...retraction, operation: 'retract' });
    expect(fact.operation).toBe('retract');
    expect('value' in fact).toBe(false);
  });
});

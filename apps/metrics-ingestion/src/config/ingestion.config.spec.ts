import { ingestionConfigSchema } from './ingestion.config';

describe('ingestion settings', () => {
  it('need nothing on embedded defaults', () => {
    expect(ingestionConfigSchema.parse({})).toMatchObject({ PORT: 3001, STORE: 'embedded', DATA_DIR: 'data', DATABASE_SCHEMA: 'ingestion', BUS: 'inprocess' });
  });

  it('read one webhook secret per source', () => {
    expect(ingestionConfigSchema.parse({ WEBHOOK_SECRETS: 'billing=0123456789abcdef=x,crm=fedcba9876543210' }).WEBHOOK_SECRETS).toEqual({ billing: '0123456789abcdef=x', crm: 'fedcba9876543210' });
    const short = ingestionConfigSchema.safeParse({ WEBHOOK_SECRETS: 'billing=short' });
    expect(short.success).toBe(false);
    expect(short.error!.issues[0].path).toEqual(['WEBHOOK_SECRETS']);
  });

  it('name the setting a server store or the Kafka bus lacks', () => {
    const result = ingestionConfigSchema.safeParse({ STORE: 'postgres', BUS: 'kafka' });
    expect(result.error!.issues.map((issue) => issue.path[0]).sort()).toEqual(['DATABASE_URL', 'KAFKA_BROKERS']);
  });
});

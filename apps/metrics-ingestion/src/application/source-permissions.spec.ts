import { sourcesOfCaller } from './source-permissions';

const integration = (id: string) => ({ id, role: 'integration' as const, isAdmin: false });

describe('the sources a caller may write', () => {
  it('gives an integration its own source by default and refuses any other not granted to it', () => {
    const crm = sourcesOfCaller(integration('integration:crm'), { 'integration:crm': ['helpdesk'] });
    expect(crm.defaultSystem).toBe('crm');
    expect(crm.refusal('crm')).toBeUndefined();
    expect(crm.refusal('helpdesk')).toBeUndefined();
    expect(crm.refusal('billing')).toBe('integration:crm may write only crm, helpdesk (INTEGRATION_SOURCES grants more)');
  });

  it('grants nothing through another subject’s entry, and lets an admin write any source', () => {
    expect(sourcesOfCaller(integration('integration:erp'), { 'integration:crm': ['helpdesk'] }).refusal('helpdesk')).toContain('may write only erp');
    expect(sourcesOfCaller({ id: 'olivia', role: 'admin', isAdmin: true }, {}).refusal('anything')).toBeUndefined();
  });
});

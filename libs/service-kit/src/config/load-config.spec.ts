import { z } from 'zod';
import { loadConfig } from './load-config';

const schema = z.object({ EVENT_STORE: z.enum(['embedded', 'postgres']).default('embedded'), PORT: z.coerce.number().int().default(3000) });

describe('loadConfig', () => {
  it('applies defaults to a bare environment', () => expect(loadConfig(schema, {})).toEqual({ EVENT_STORE: 'embedded', PORT: 3000 }));
  it('names every wrong variable, why, and what was given', () => {
    expect(() => loadConfig(schema, { EVENT_STORE: 'mysql', PORT: 'eighty' })).toThrow(
      /Invalid configuration:\n {2}EVENT_STORE: .*"embedded".*\(got "mysql"\)\n {2}PORT: .*\(got "eighty"\)/,
    );
  });
  it('treats an empty variable as unset', () => expect(loadConfig(schema, { PORT: '' })).toEqual({ EVENT_STORE: 'embedded', PORT: 3000 }));
});

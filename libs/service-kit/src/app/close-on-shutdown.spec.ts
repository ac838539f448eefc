import { Test } from '@nestjs/testing';
import { closeOnShutdown } from './close-on-shutdown';

describe('closeOnShutdown', () => {
  it('closes the resources in the order given when the application shuts down', async () => {
    const closed: string[] = [];
    const resource = (name: string) => ({ close: async () => void closed.push(name) });
    const moduleRef = await Test.createTestingModule({ providers: closeOnShutdown([resource('bus'), resource('store')]) }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect(closed).toEqual([]);
    await app.close();
    expect(closed).toEqual(['bus', 'store']);
  });
});

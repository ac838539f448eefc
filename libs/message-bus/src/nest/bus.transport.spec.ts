import { busTransportContract } from '@okr/testing';
import { InProcessBus } from '../in-process/in-process.bus';

busTransportContract(
  'in-process',
  async () => new InProcessBus(),
  async (bus, topic) => (bus as InProcessBus).messages(topic).map((m) => m.value as { reason: string }),
);

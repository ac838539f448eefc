import { messageBusContract } from '@okr/testing';
import { InProcessBus } from './in-process.bus';

messageBusContract('in-process', async () => new InProcessBus());

import type { Response } from 'express';
import { z } from 'zod';

export const importStarted = z.object({ id: z.string(), state: z.literal('running'), url: z.string().describe('where to follow the job') });

/**
 * Answers 202 with the job's URL at once; the body ends only once the upload has been read, since
 * Node stops reading a request whose response has ended (and may close its connection).
 */
export async function answerJobStarted(response: Response, id: string, read: Promise<void>): Promise<void> {
  const url = `/imports/${id}`;
  response.status(202).location(url).type('application/json');
  response.flushHeaders();
  await read;
  response.end(JSON.stringify({ id, state: 'running', url }));
}

import type { Response } from 'express';
import { z } from 'zod';
import { ExecutionResult } from '../application/aggregate-repository';

export const commandResultSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  recorded: z.number().int().describe('how many events the command recorded (0 when it changed nothing)'),
});

/** 201 with the new version as ETag when something was recorded; 200 when the command changed nothing. */
export function commandResult(response: Response, id: string, result: Pick<ExecutionResult<unknown>, 'version' | 'events'>) {
  response.status(result.events.length ? 201 : 200);
  response.setHeader('ETag', `"${result.version}"`);
  return { id, version: result.version, recorded: result.events.length };
}

/** The OpenAPI responses of a command: 201 when it recorded something, 200 when nothing changed. */
export const commandResponses = {
  200: { description: 'nothing to change', schema: commandResultSchema },
  201: { description: 'recorded', schema: commandResultSchema },
};

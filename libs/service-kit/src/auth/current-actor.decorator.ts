import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor } from './actor';
import { AuthenticatedRequest } from './authenticated-request';

/** The verified caller: the actor of what the request records, never taken from the body. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  // A programming error, not the caller's: @CurrentActor() on a @Public() route.
  if (!actor) throw new Error('@CurrentActor() is only available on routes that require authentication');
  return actor;
});

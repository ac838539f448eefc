import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor } from './actor';
import { AuthenticatedRequest } from './jwt-auth.guard';

/** The verified caller; the actor of what the request records, never taken from the body. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor on a public route');
  return actor;
});

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticatedRequest, RequestMeta, validationProblem } from '@okr/service-kit';
import { ChangeOrigin } from '../application/aggregate-repository';
import { ifMatchHeaders } from './if-match';

/**
 * The metadata a command's events will carry: the actor from the verified token (never the body),
 * correlation and causation ids from the request, and If-Match as the expected version.
 */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): ChangeOrigin => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest & { meta: RequestMeta }>();
  const headers = ifMatchHeaders.safeParse(request.headers);
  if (!headers.success) throw validationProblem([{ field: 'headers.if-match', reason: headers.error.issues[0].message }]);
  if (!request.actor) throw new Error('Origin on a public route');
  return {
    actor: request.actor.id,
    actorIsAdmin: request.actor.isAdmin,
    correlationId: request.meta.correlationId,
    causationId: request.meta.requestId,
    expectedVersion: headers.data['if-match'],
  };
});

import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemError } from '../problems/problem.error';
import { problemType } from '../problems/problem-details';
import { Role } from './actor';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { AuthenticatedRequest } from './authenticated-request';
import { JwtVerifier } from './jwt-verifier';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';

/** Global guard: every HTTP route needs a valid bearer token unless @Public, and a listed role under @Roles. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly verifier: JwtVerifier;
  private readonly serviceRoles: readonly Role[] | undefined;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) options: AuthOptions,
  ) {
    this.verifier = new JwtVerifier(options);
    this.serviceRoles = options.roles;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Bus messages (@EventPattern) are trusted by their transport, not by a bearer token.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.verifier.verify(request.headers.authorization);
    request.actor = actor;
    if (this.serviceRoles && !this.serviceRoles.includes(actor.role)) {
      throw forbidden(`this service answers the roles ${this.serviceRoles.join(' and ')}, not ${actor.role} tokens`);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.includes(actor.role)) throw forbidden(`this needs the role ${roles.join(' or ')}`);
    return true;
  }
}

function forbidden(detail: string): ProblemError {
  return new ProblemError({ type: problemType('forbidden'), title: 'Forbidden', status: 403, detail });
}

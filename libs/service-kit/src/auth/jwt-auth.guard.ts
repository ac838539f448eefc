import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { createRemoteJWKSet, JWTPayload, jwtVerify } from 'jose';
import { ProblemError, problemType } from '../problems/problem-details';
import { Actor, Role, ROLES } from './actor';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';

export type AuthenticatedRequest = Request & { actor?: Actor };

/** Verifies the bearer token of every route not marked @Public and checks @Roles. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly key: Uint8Array | ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {
    if (options.jwksUrl) this.key = createRemoteJWKSet(new URL(options.jwksUrl)) as never;
    else if (options.secret) this.key = new TextEncoder().encode(options.secret);
    else throw new Error('authentication needs a JWT secret or a JWKS URL');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.authenticate(request.headers.authorization);
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ProblemError({ type: problemType('forbidden'), title: 'Forbidden', status: 403, detail: `this needs the role ${roles.join(' or ')}` });
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Actor> {
    const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '')?.[1];
    if (!token) throw unauthorized('send Authorization: Bearer <token>');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as never, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.jwksUrl ? ['RS256', 'ES256'] : ['HS256'],
      }));
    } catch (error) {
      throw unauthorized(`the token was refused: ${(error as Error).message}`);
    }
    const role = payload.role as Role;
    if (typeof payload.sub !== 'string' || !payload.sub) throw unauthorized('the token has no subject (sub)');
    if (!ROLES.includes(role)) throw unauthorized(`the token's role must be one of ${ROLES.join(', ')}`);
    return { id: payload.sub, role, isAdmin: role === 'admin' };
  }
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail });
}

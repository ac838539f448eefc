import { Controller, Get, HttpCode, Inject, NotFoundException, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiRoute, idSchema, Public, signDevelopmentToken, ValidBody } from '@okr/service-kit';
import { z } from 'zod';
import { GoalHistories } from '../history/goal-histories';
import { DEVELOPMENT_SIGN_IN, DevelopmentSignIn } from './development-sign-in';

/** Short-lived: a development token is for trying the dashboard, not for keeping. */
const TOKEN_LIFETIME = '1h';

const signInRequest = z.strictObject({
  personId: idSchema.describe('the person to sign in as (the token subject)'),
  role: z.enum(['member', 'admin']).default('member'),
});

/**
 * Embedded mode only: sign in as anyone, with a token signed by the development secret (see
 * developmentSignInOf). Only for callers on this machine: with HOST=0.0.0.0 a visitor from the
 * network would otherwise mint an admin token; they get the same 404 as where there is none.
 */
@Controller('dev-sign-in')
export class DevSignInController {
  constructor(
    @Inject(DEVELOPMENT_SIGN_IN) private readonly signIn: DevelopmentSignIn,
    private readonly histories: GoalHistories,
  ) {}

  @Get()
  @Public()
  @ApiRoute({ summary: 'Development sign-in (embedded mode only): the people one may sign in as', tags: ['development'], responses: { 200: 'the people of the organisation', 404: 'not in development mode' } })
  people(@Req() request: Request) {
    assertFromThisMachine(request);
    const org = this.histories.organizationAt({ asOf: Infinity, knownAt: Infinity });
    const unitsOf = (personId: string) => Object.values(org.units).filter((unit) => unit.members.includes(personId) || unit.leads.includes(personId));
    const people = Object.values(org.people)
      .map((person) => ({ id: person.id, name: person.name, units: unitsOf(person.id).map((unit) => ({ id: unit.id, name: unit.name, lead: unit.leads.includes(person.id) })) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { roles: ['member', 'admin'], tokenLifetime: TOKEN_LIFETIME, people };
  }

  @Post()
  @Public()
  @HttpCode(201)
  @ApiRoute({ summary: 'Development sign-in (embedded mode only): a short-lived token for a person and a role', tags: ['development'], responses: { 201: '{ token, subject, role, expiresIn }', 404: 'not in development mode' } })
  async token(@Req() request: Request, @ValidBody(signInRequest) body: z.infer<typeof signInRequest>) {
    assertFromThisMachine(request);
    const token = await signDevelopmentToken({ ...this.signIn, subject: body.personId, role: body.role, expiresIn: TOKEN_LIFETIME });
    return { token, subject: body.personId, role: body.role, expiresIn: TOKEN_LIFETIME };
  }
}

function assertFromThisMachine(request: Request): void {
  // Word for word what a service without the route answers.
  if (!isLoopback(request.socket.remoteAddress)) throw new NotFoundException(`Cannot ${request.method} ${request.originalUrl}`);
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}

import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
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

/** Embedded mode only: sign in as anyone, with a token signed by the development secret (see developmentSignInOf). */
@Controller('dev-sign-in')
export class DevSignInController {
  constructor(
    @Inject(DEVELOPMENT_SIGN_IN) private readonly signIn: DevelopmentSignIn,
    private readonly histories: GoalHistories,
  ) {}

  @Get()
  @Public()
  @ApiRoute({ summary: 'Development sign-in (embedded mode only): the people one may sign in as', tags: ['development'], responses: { 200: 'the people of the organisation', 404: 'not in development mode' } })
  people() {
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
  async token(@ValidBody(signInRequest) body: z.infer<typeof signInRequest>) {
    const token = await signDevelopmentToken({ ...this.signIn, subject: body.personId, role: body.role, expiresIn: TOKEN_LIFETIME });
    return { token, subject: body.personId, role: body.role, expiresIn: TOKEN_LIFETIME };
  }
}

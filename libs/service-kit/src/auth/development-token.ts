import { SignJWT } from 'jose';
import { Role } from './actor';

/** A token for trying the platform locally, signed with the embedded mode's secret. */
export function signDevelopmentToken(options: { secret: string; subject: string; role: Role; expiresIn?: string }): Promise<string> {
  return new SignJWT({ role: options.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.subject)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(options.secret));
}

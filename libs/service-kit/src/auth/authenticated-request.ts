import type { Request } from 'express';
import { Actor } from './actor';

/** A request the JwtAuthGuard let through: `actor` is set on every route that is not @Public. */
export type AuthenticatedRequest = Request & { actor?: Actor };

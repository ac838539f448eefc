import { SetMetadata } from '@nestjs/common';
import { Role } from './actor';

export const REQUIRED_ROLES = Symbol('REQUIRED_ROLES');

/** Only callers with one of these roles may use the route (or every route of the controller): 403 otherwise. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export type Role = 'admin' | 'member' | 'integration';

export const ROLES: readonly Role[] = ['admin', 'member', 'integration'];

/** Subjects of integration tokens: `integration:<source>`, e.g. integration:salesforce. */
export const INTEGRATION_SUBJECT_PREFIX = 'integration:';

/** Who is calling, from the verified token: becomes the actor of every event the call records. */
export interface Actor {
  /** A person's id, or integration:<source>. */
  id: string;
  role: Role;
  isAdmin: boolean;
}

import { Actor, INTEGRATION_SUBJECT_PREFIX } from '@okr/service-kit';

/** Injection token: which further sources each integration subject may write (INTEGRATION_SOURCES). */
export const SOURCE_PERMISSIONS = Symbol('SOURCE_PERMISSIONS');

/** `integration:crm` -> ['helpdesk']: an integration writes its own source and these. */
export type SourcePermissions = Record<string, string[]>;

/** The sources a caller writes: an integration's come from its token, never from a body. */
export interface SourcesOfCaller {
  /** The source a row or file is recorded as when it names none: an integration's own. */
  defaultSystem?: string;
  /** Why the caller may not write `system`, or undefined when it may. */
  refusal(system: string): string | undefined;
}

/**
 * An integration token (`integration:<source>`) writes its own source, and those configured for
 * its subject; an admin may write any source (loading another system's history by hand).
 */
export function sourcesOfCaller(actor: Actor, permissions: SourcePermissions): SourcesOfCaller {
  if (actor.isAdmin) return { refusal: () => undefined };
  const own = actor.id.startsWith(INTEGRATION_SUBJECT_PREFIX) ? actor.id.slice(INTEGRATION_SUBJECT_PREFIX.length) : undefined;
  const allowed = [...(own ? [own] : []), ...(Object.hasOwn(permissions, actor.id) ? permissions[actor.id] : [])];
  return {
    defaultSystem: own,
    refusal: (system) => (allowed.includes(system) ? undefined : `${actor.id} may write only ${allowed.length ? allowed.join(', ') : 'no source'} (INTEGRATION_SOURCES grants more)`),
  };
}

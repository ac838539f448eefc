/**
 * Why a command was refused. Each subclass tells the HTTP layer which status to answer
 * (404, 409, 422, 422); field names the input at fault when there is one.
 */
export abstract class DomainError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The aggregate, or an entity the command refers to, does not exist. */
export class NotFoundError extends DomainError {}

/** A create used an id that is taken. */
export class AlreadyExistsError extends DomainError {}

/** The command breaks a business rule in the current state (the cycle is closed, the unit is archived). */
export class RuleViolationError extends DomainError {}

/** The values are well-formed but not acceptable (a target equal to its start, a weight below zero). */
export class InvalidInputError extends DomainError {}

/** The actor has no authority for the command (it is not their unit's goal). */
export class NotAllowedError extends DomainError {}

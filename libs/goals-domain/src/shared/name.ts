import { InvalidInputError } from './domain-error';

const MAX_NAME = 200;

/** A display name: trimmed, not empty, at most 200 characters. */
export function validName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (!trimmed) throw new InvalidInputError(`${field} cannot be empty`, field);
  if (trimmed.length > MAX_NAME) throw new InvalidInputError(`${field} is longer than ${MAX_NAME} characters`, field);
  return trimmed;
}

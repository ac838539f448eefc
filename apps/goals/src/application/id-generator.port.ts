export const ID_GENERATOR = Symbol('ID_GENERATOR');

/** New ids for events and for aggregates whose id the client did not choose. */
export interface IdGenerator {
  newId(): string;
}

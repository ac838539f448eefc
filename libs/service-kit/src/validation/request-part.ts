/** The parts of a request a schema can validate; each names the prefix of its fields in problems. */
export type RequestPart = 'body' | 'query' | 'params' | 'headers';

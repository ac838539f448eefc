/** The smallest group whose target aggregate is shown to viewers who may not see its rows (MIN_GROUP_SIZE). */
export const MIN_GROUP_SIZE = Symbol('MIN_GROUP_SIZE');

/**
 * A number the platform may show a viewer, computed over people's private inputs: a sum (a key
 * result, a KPI, a unit's quota aggregate) is the sum of one value per person in `people`; a
 * pick (max, min, last, a best-ever attainment) is one person's value.
 *
 * Figures are comparable only within one quantity (one metric over one window, read at one pair
 * of instants): a viewer who subtracts one from another learns about the people in one and not
 * the other. Figures of different quantities involve different values and are judged apart.
 */
export interface Figure {
  id: string;
  kind: 'sum' | 'pick';
  people: ReadonlySet<string>;
}

/** What one viewer knows before any figure: the people whose values they may see one by one. */
export interface Audience {
  /** The viewer themself, the people they lead, everyone for an admin. */
  seesPerson(personId: string): boolean;
}

export type Withholding =
  /** Over fewer than minGroupSize people the viewer may not see. */
  | 'small-group'
  /** Shown beside other figures, it would isolate such a group by subtraction. */
  | 'difference'
  /** One person's value (max, min, last) the viewer may not see. */
  | 'single-person';

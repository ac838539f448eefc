export type UnitKind = 'company' | 'department' | 'team';

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  archived: boolean;
  /** Person ids. */
  members: string[];
  leads: string[];
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface OrganizationPolicy {
  /** OKRs belong to teams: an objective owned by a person is refused, or only warned about. */
  individualObjectives: 'refuse' | 'warn';
  /** Aggregates over fewer people are withheld from viewers who may not see the rows. */
  minGroupSize: number;
  /** 1 = January. */
  fiscalYearStartMonth: number;
}

/** The organisation at one instant: what was true then (valid time), as far as was known. */
export interface OrganizationState {
  policy: OrganizationPolicy;
  units: Record<string, Unit>;
  people: Record<string, Person>;
}

export const defaultPolicy: OrganizationPolicy = { individualObjectives: 'refuse', minGroupSize: 3, fiscalYearStartMonth: 1 };

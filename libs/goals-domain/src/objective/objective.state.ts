import { CheckIn } from '../shared/check-in';
import { BindingPeriod } from '../metric-binding/binding-periods';

export type Direction = 'increase' | 'decrease' | 'stay-above' | 'stay-below';

export type OwnerType = 'company' | 'department' | 'team' | 'person';

export interface MetricDefinition {
  kind: 'metric';
  start: number;
  target: number;
  unit: string;
  direction: Direction;
}

export interface MilestoneDefinition {
  kind: 'milestone';
}

export type KeyResult = (MetricDefinition | MilestoneDefinition) & {
  id: string;
  title: string;
  weight: number;
  /** Valid time from which the key result exists: no check-in can be effective earlier. */
  addedEffectiveAt: string;
  /** The check-in that holds now (see holdingCheckIn); the full series is in the history. */
  latestCheckIn: CheckIn | null;
  checkInCount: number;
  /** Its metric bindings in valid-time order: while one is in force, its value comes from the metric's facts, not check-ins. */
  bindings: BindingPeriod[];
};

export interface ObjectiveState {
  status: 'undefined' | 'active' | 'archived';
  id: string;
  cycleId: string;
  title: string;
  description?: string;
  owner: { type: OwnerType; id: string };
  commitment: 'committed' | 'aspirational';
  /** Objectives this one contributes to: more than one is allowed. */
  parents: string[];
  keyResults: Record<string, KeyResult>;
  /** Valid time of the definition: nothing about the objective can be effective earlier. */
  definedEffectiveAt: string;
  warnings: string[];
}

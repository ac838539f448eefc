import { KpiState } from './kpi.state';

export type KpiHealth = 'healthy' | 'unhealthy' | 'no-data';

/**
 * A KPI is healthy while its value (goalValue: its metric's reading while bound, else its holding
 * check-in) meets its goal: at/above or at/below the target, or inside the band.
 */
export function kpiHealth(state: KpiState, value: number | null): KpiHealth {
  if (value === null) return 'no-data';
  const goal = state.goal;
  switch (goal.direction) {
    case 'within-band':
      return value >= goal.band.min && value <= goal.band.max ? 'healthy' : 'unhealthy';
    case 'increase':
    case 'stay-above':
      return value >= goal.target ? 'healthy' : 'unhealthy';
    case 'decrease':
    case 'stay-below':
      return value <= goal.target ? 'healthy' : 'unhealthy';
  }
}

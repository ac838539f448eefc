import { Withholding } from './figure';

/** Why a figure is not shown, in words for the viewer. */
export function withholdingText(reason: Withholding, minGroupSize: number): string {
  if (reason === 'small-group') return `withheld: fewer than ${minGroupSize} people you may not see, so it would reveal individual numbers`;
  if (reason === 'single-person') return 'withheld: it is one person’s number';
  return `withheld: with the other figures you may see, it would reveal a group of fewer than ${minGroupSize} people by subtraction`;
}

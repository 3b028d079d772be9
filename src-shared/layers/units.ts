import { MAX_UNITS } from './limits';
import { formatCount } from '../format';

/** A person-readable reason why `units` is not a usable neuron count, or null. */
export function unitsError(units: number, label: string, what = 'units'): string | null {
  if (!Number.isFinite(units)) return `${label}: ${what} must be a number; enter a whole number from 1 to ${formatCount(MAX_UNITS)}.`;
  if (!Number.isInteger(units)) return `${label}: ${what} must be a whole number, not ${units}; a layer cannot have part of a neuron.`;
  if (units < 1) return `${label}: ${what} must be at least 1, not ${units}; a layer needs at least one neuron.`;
  if (units > MAX_UNITS)
    return `${label}: ${formatCount(units)} ${what} is more than the limit of ${formatCount(MAX_UNITS)}; use a smaller layer.`;
  return null;
}

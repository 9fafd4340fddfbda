// How a step's validity is shown: invalid steps are named with their reasons, never shown as figures.
import type { Validity } from '../../load/validity.js';
import { escapeHtml } from '../html.js';

export function validityCell(validity: Validity): string {
  const smoke = validity.smoke ? ' <span class="warn">(smoke)</span>' : '';
  if (!validity.valid) return `<span class="invalid">invalid: ${escapeHtml(validity.reasons.join('; '))}</span>${smoke}`;
  const warnings =
    validity.warnings.length > 0
      ? ` <span class="warn" title="${escapeHtml(validity.warnings.join('; '))}">⚠ ${escapeHtml(validity.warnings.join('; '))}</span>`
      : '';
  return `valid${warnings}${smoke}`;
}

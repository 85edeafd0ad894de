/** How a recording's deadline and estimated completion read on the client's pages. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Recording } from '../types.ts';
import { formatDate } from './format.ts';

/** "Due …, expected …" with an "at risk" badge, or nothing for a recording without a deadline. */
export function deadlineLine(r: Recording): TemplateResult | typeof nothing {
  if (!r.deadlineAt) return nothing;
  const done = r.status === 'completed' || r.status === 'failed';
  return html`<span class="deadline">
    Due ${formatDate(r.deadlineAt)}${r.turnaround ? html` (${r.turnaround})` : nothing}
    ${!done && r.etaAt ? html` · expected ${formatDate(r.etaAt)}` : nothing}
    ${!done && r.atRisk ? html` <span class="badge failed">at risk</span>` : nothing}
  </span>`;
}

/** Where txt and docx downloads put timestamps (API: `timestamps=turn|30|60|none`). */
export const TIMESTAMP_CHOICES = [
  { value: 'turn', label: 'At every turn' },
  { value: '30', label: 'Every 30 s' },
  { value: '60', label: 'Every 60 s' },
  { value: 'none', label: 'None' },
] as const;

/** How a recording's deadline and estimated completion read on the client's pages. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Recording } from '../types.ts';
import { formatDate } from './format.ts';
import { msg, str } from '../i18n/i18n.ts';

/** "Due …, expected …" with an "at risk" badge, or nothing for a recording without a deadline. */
export function deadlineLine(r: Recording): TemplateResult | typeof nothing {
  if (!r.deadlineAt) return nothing;
  const done = r.status === 'completed' || r.status === 'failed';
  return html`<span class="deadline">
    ${msg(str`Due ${formatDate(r.deadlineAt)}`)}${r.turnaround ? html` (<span translate="no">${r.turnaround}</span>)` : nothing}
    ${!done && r.etaAt ? html` · ${msg(str`expected ${formatDate(r.etaAt)}`)}` : nothing}
    ${!done && r.atRisk ? html` <span class="badge failed">${msg('at risk')}</span>` : nothing}
  </span>`;
}

/** Where txt and docx downloads put timestamps (API: `timestamps=turn|30|60|none`); labels at render time. */
export function timestampChoices(): { value: 'turn' | '30' | '60' | 'none'; label: string }[] {
  return [
    { value: 'turn', label: msg('At every turn') },
    { value: '30', label: msg('Every 30 s') },
    { value: '60', label: msg('Every 60 s') },
    { value: 'none', label: msg('None') },
  ];
}

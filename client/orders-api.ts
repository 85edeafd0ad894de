/**
 * Calls and shapes of the orders endpoints (API.md § Orders, § Transcriber earnings): turnaround
 * tiers, the admin's backlog and rates, and earnings. Kept beside api.ts so the two grow apart
 * without stepping on each other.
 */
import { request } from './api-core.ts';
import type { Backlog, Earnings, Rates, Turnarounds } from './types.ts';

export type { Backlog, EarningLine, Earnings, Rates, Turnaround } from './types.ts';

const enc = encodeURIComponent;

export const orders = {
  turnarounds: (orgId?: string) =>
    request<Turnarounds>('GET', `/api/turnarounds${orgId ? `?orgId=${enc(orgId)}` : ''}`),
  backlog: () => request<Backlog>('GET', '/api/admin/backlog'),
  rates: () => request<{ rates: Rates }>('GET', '/api/admin/rates').then((r) => r.rates),
  setRates: (rates: Rates) =>
    request<{ rates: Rates }>('PUT', '/api/admin/rates', rates).then((r) => r.rates),
  earnings: (month?: string, userId?: string) =>
    request<Earnings>('GET', `/api/earnings?${earningsQuery(month, userId)}`),
  /** The payroll CSV's address (a download link, not a fetch). */
  earningsCsvUrl: (month?: string, userId?: string) =>
    `/api/earnings?${earningsQuery(month, userId)}&format=csv`,
};

function earningsQuery(month?: string, userId?: string): string {
  const q = new URLSearchParams();
  if (month) q.set('month', month);
  if (userId) q.set('userId', userId);
  return q.toString();
}

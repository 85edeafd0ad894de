/** Per-kind request counts and latencies, and the figures printed from them. */

export interface KindFigures {
  count: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The nearest-rank percentile `p` (0–100) of values sorted ascending; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export class Recorder {
  private readonly lat = new Map<string, number[]>();
  /** Unexpected replies and network errors, by a short description. */
  readonly errors = new Map<string, number>();

  add(kind: string, ms: number): void {
    let a = this.lat.get(kind);
    if (!a) this.lat.set(kind, (a = []));
    a.push(ms);
  }

  error(what: string): void {
    this.errors.set(what, (this.errors.get(what) ?? 0) + 1);
  }

  errorCount(): number {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }

  figures(kind: string, seconds: number): KindFigures {
    const sorted = Float64Array.from(this.lat.get(kind) ?? []).sort();
    return {
      count: sorted.length,
      perSec: sorted.length / seconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN,
    };
  }

  kinds(): string[] {
    return [...this.lat.keys()];
  }
}

export const round = (n: number, digits = 1): number =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n;

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}

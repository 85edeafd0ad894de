/**
 * Deep copies of what the embedded store holds in memory. Every stored document was re-read from
 * its JSON (modify.ts), so it is made of plain objects, arrays, strings, finite numbers, booleans
 * and null: copying just those is exact, and many times faster than structuredClone, which the
 * hot paths (sign-in, every read of a resident document) would otherwise pay on each request.
 */
export function copyJson<T>(value: T): T {
  return copy(value) as T;
}

function copy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
    return out;
  }
  const source = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    // JSON.parse makes "__proto__" an own key; assigning it would set the prototype instead.
    if (k === '__proto__') {
      Object.defineProperty(out, k, {
        value: copy(source[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else out[k] = copy(source[k]);
  }
  return out;
}

/**
 * Copies in the form the embedded store holds values: what a JSON round trip gives, without the
 * text in between for plain data. Every stored document was re-read from its JSON (modify.ts), so
 * for one the same walk is an exact deep copy, many times faster than structuredClone, which the
 * hot paths (sign-in, every read of a resident document) would otherwise pay on each request.
 */

/** A copy of a stored document (or part of one) that its caller may change freely. */
export function copyJson<T>(value: T): T {
  return storedForm(value) as T;
}

const NOT_PLAIN = Symbol('not plain');

/**
 * What `JSON.parse(JSON.stringify(value))` gives: the form in which a value from an update is
 * stored. Plain data (plain objects, arrays, strings, numbers, booleans, null, and the undefined
 * and non-finite values JSON drops or nulls) is converted directly, without the text in between;
 * anything else (a Date, a class instance, a toJSON of its own) goes through JSON.
 */
export function storedForm(value: unknown): unknown {
  const out = plain(value);
  return out === NOT_PLAIN ? (JSON.parse(JSON.stringify(value) ?? 'null') as unknown) : out;
}

/** Whether JSON leaves an object's property out (and writes an array's element as null). */
function dropped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function plain(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // JSON writes -0 as 0 and the non-finite numbers as null.
      return Number.isFinite(v) ? v + 0 : null;
    case 'object': {
      if (v === null) return null;
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
      if (Array.isArray(v)) {
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const inner: unknown = v[i];
          const c = dropped(inner) ? null : plain(inner);
          if (c === NOT_PLAIN) return NOT_PLAIN;
          out[i] = c;
        }
        return out;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return NOT_PLAIN;
      const source = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const keys = Object.keys(source);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const inner = source[k];
        if (dropped(inner)) continue;
        const c = plain(inner);
        if (c === NOT_PLAIN) return NOT_PLAIN;
        // JSON.parse makes "__proto__" an own key; assigning it would set the prototype instead.
        if (k === '__proto__') {
          Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
        } else out[k] = c;
      }
      return out;
    }
    default:
      return NOT_PLAIN;
  }
}

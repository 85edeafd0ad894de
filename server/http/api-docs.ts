/**
 * The API reference as one web page (`GET /api/docs`), rendered on the server from the OpenAPI
 * document the app serves at /api/openapi.json: whatever the document says, the page says. It is
 * self-contained (its styles inline, no script, nothing fetched), so it works offline and under
 * the app's content security policy.
 */

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (v: Json): string => String(v ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** A schema in a few words: `string`, `integer`, `"a" | "b"`, `array of object`, `string or null`. */
export function typeOf(schema: Json): string {
  if (!isObj(schema)) return 'any';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop() ?? 'object';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  for (const k of ['anyOf', 'oneOf'] as const) {
    const alts = schema[k];
    if (Array.isArray(alts)) return alts.map(typeOf).join(' or ');
  }
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  if (schema.type === 'array') return `array of ${typeOf(schema.items)}`;
  if (typeof schema.type === 'string') return schema.type;
  if (isObj(schema.properties)) return 'object';
  return 'any';
}

interface Field {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

/** An object schema's fields, nested ones as `parent.child` (arrays of objects as `parent[].child`). */
export function fieldsOf(schema: Json, prefix = '', depth = 0): Field[] {
  if (!isObj(schema) || !isObj(schema.properties) || depth > 3) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const out: Field[] = [];
  for (const [name, sub] of Object.entries(schema.properties)) {
    const path = `${prefix}${name}`;
    out.push({
      name: path,
      type: typeOf(sub),
      required: required.has(name),
      description: isObj(sub) && typeof sub.description === 'string' ? sub.description : '',
    });
    if (isObj(sub) && sub.type === 'array') out.push(...fieldsOf(sub.items, `${path}[].`, depth + 1));
    else out.push(...fieldsOf(sub, `${path}.`, depth + 1));
  }
  return out;
}

interface Operation {
  method: string;
  path: string;
  op: Obj;
}

function operationsByTag(doc: Obj): Map<string, Operation[]> {
  const byTag = new Map<string, Operation[]>();
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const tag = Array.isArray(op.tags) && op.tags.length ? String(op.tags[0]) : 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  return byTag;
}

const anchor = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function table(fields: Field[], caption: string): string {
  if (!fields.length) return '';
  const rows = fields
    .map(
      (f) =>
        `<tr><td><code>${esc(f.name)}</code>${f.required ? ' <span class="req">required</span>' : ''}</td>` +
        `<td><code>${esc(f.type)}</code></td><td>${esc(f.description)}</td></tr>`,
    )
    .join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">name</th><th scope="col">type</th><th scope="col">meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderOperation({ method, path, op }: Operation): string {
  const roles = Array.isArray(op['x-roles']) ? op['x-roles'].map(String) : [];
  const params = (Array.isArray(op.parameters) ? op.parameters : []).filter(isObj).map((p) => ({
    name: `${String(p.name)} (${String(p.in)})`,
    type: typeOf(p.schema),
    required: p.required === true,
    description: typeof p.description === 'string' ? p.description : '',
  }));
  const body = isObj(op.requestBody) ? op.requestBody : null;
  const content = body && isObj(body.content) ? body.content : {};
  const [mediaType, media] = Object.entries(content)[0] ?? [];
  const bodyFields = isObj(media) ? fieldsOf(media.schema) : [];
  const responses = isObj(op.responses) ? op.responses : {};
  const statuses = Object.entries(responses)
    .map(([code, r]) => `<li><code>${esc(code)}</code> ${esc(isObj(r) ? r.description : '')}</li>`)
    .join('');
  const id = anchor(`${method} ${path}`);
  return `<section class="op" id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h"><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>
<p class="roles">Who may call it: ${roles.map((r) => `<span class="role">${esc(r)}</span>`).join(' ') || '—'}</p>
${table(params, 'Parameters')}
${body ? table(bodyFields, `Body (${mediaType ?? 'application/json'}${body.required === false ? ', optional' : ''})`) : ''}
${body && !bodyFields.length ? `<p class="muted">Body: ${esc(mediaType ?? '')}</p>` : ''}
<details><summary>Answers</summary><ul>${statuses}</ul></details>
</section>`;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#fafbfc}
header,main{max-width:62rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{margin:.2rem 0}
h2{margin-top:2.5rem;border-bottom:2px solid #d8dee6;padding-bottom:.2rem;text-transform:capitalize}
h3{font-size:1rem;margin:0 0 .3rem;overflow-wrap:anywhere}
nav ul{display:flex;flex-wrap:wrap;gap:.4rem 1rem;padding:0;list-style:none}
.op{background:#fff;border:1px solid #d8dee6;border-radius:6px;padding:.8rem 1rem;margin:.8rem 0}
.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;padding:0 .3em;color:#fff;font-size:.8rem;font-weight:700;background:#56606e}
.m.get{background:#1f6f43}.m.post{background:#1d4ed8}.m.put,.m.patch{background:#9a5b00}.m.delete{background:#b42318}
.role{display:inline-block;border:1px solid #b8c2cf;border-radius:999px;padding:0 .5em;font-size:.8rem;margin-right:.2em}
.req{color:#b42318;font-size:.75rem}
.muted{color:#56606e}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem;display:block;overflow-x:auto}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border-top:1px solid #e4e8ee;padding:.25rem .5rem;text-align:left;vertical-align:top}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre{background:#f1f3f6;padding:.6rem .8rem;border-radius:6px;overflow-x:auto}
`;

/** The whole page. `doc` is the OpenAPI document (as served at /api/openapi.json). */
export function renderApiDocs(doc: Obj): string {
  const info = isObj(doc.info) ? doc.info : {};
  const byTag = operationsByTag(doc);
  const count = [...byTag.values()].reduce((n, ops) => n + ops.length, 0);
  const toc = [...byTag.keys()].map((t) => `<li><a href="#${anchor(t)}">${esc(t)}</a></li>`).join('');
  const sections = [...byTag.entries()]
    .map(
      ([tag, ops]) =>
        `<section aria-labelledby="${anchor(tag)}"><h2 id="${anchor(tag)}">${esc(tag)}</h2>${ops.map(renderOperation).join('\n')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title ?? 'API')} reference</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(info.title ?? 'API')} reference</h1>
<p class="muted">Version ${esc(info.version)} · ${count} endpoints · built from <a href="/api/openapi.json">/api/openapi.json</a></p>
<p>Send JSON; sign in with <code>POST /api/auth/login</code> (a session cookie) or send an API token as
<code>Authorization: Bearer &lt;token&gt;</code>. Times are seconds from the start of the recording, dates ISO-8601.
Every error is <code>{"error": {"code", "message", "details"?}}</code>; a resource outside your reach answers 404.</p>
<p>Example: <code>curl -H "Authorization: Bearer $TOKEN" https://notula.example.com/api/recordings</code></p>
<nav aria-label="Sections"><ul>${toc}</ul></nav>
</header>
<main>
${sections}
</main>
</body>
</html>
`;
}

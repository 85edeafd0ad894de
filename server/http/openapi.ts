/**
 * The OpenAPI 3.1 document of every endpoint, served at /api/openapi.json. A test checks it against
 * the routes the app really registers, and the isolation matrix is generated from it.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

export interface EndpointSpec {
  method: Method;
  path: string;
  summary: string;
  /** Roles that may call it; 'anonymous' for public endpoints. */
  roles: Array<'anonymous' | 'admin' | 'client' | 'transcriber' | 'reviewer'>;
  /** The success status. */
  ok: number;
  tag: string;
  body?: Record<string, unknown>;
}

const S = (props: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties: props,
  required,
  additionalProperties: false,
});
const str = { type: 'string' };
const num = { type: 'number' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const nullable = (t: Record<string, unknown>) => ({ anyOf: [t, { type: 'null' }] });
const turns = {
  type: 'array',
  items: S({ speaker: str, start: num, text: str }, ['speaker', 'start', 'text']),
};

export const ENDPOINTS: EndpointSpec[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness and configuration summary',
    roles: ['anonymous'],
    ok: 200,
    tag: 'health',
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    roles: ['anonymous'],
    ok: 200,
    tag: 'health',
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in; sets the session cookie',
    roles: ['anonymous'],
    ok: 200,
    tag: 'auth',
    body: S({ email: str, password: str }, ['email', 'password']),
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Sign out; ends the session on the server',
    roles: ['anonymous', 'admin', 'client', 'transcriber', 'reviewer'],
    ok: 204,
    tag: 'auth',
  },
  {
    method: 'post',
    path: '/api/auth/password',
    summary: 'Change own password; ends the other sessions',
    roles: ['admin', 'client', 'transcriber', 'reviewer'],
    ok: 204,
    tag: 'auth',
    body: S({ currentPassword: str, newPassword: str }, ['currentPassword', 'newPassword']),
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user',
    roles: ['admin', 'client', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'auth',
  },
  {
    method: 'post',
    path: '/api/tokens',
    summary: 'Create an API token (shown once)',
    roles: ['admin', 'client', 'transcriber', 'reviewer'],
    ok: 201,
    tag: 'auth',
    body: S({ name: str }, ['name']),
  },
  {
    method: 'get',
    path: '/api/tokens',
    summary: 'List own API tokens',
    roles: ['admin', 'client', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'auth',
  },
  {
    method: 'delete',
    path: '/api/tokens/{id}',
    summary: 'Revoke an own API token',
    roles: ['admin', 'client', 'transcriber', 'reviewer'],
    ok: 204,
    tag: 'auth',
  },
  {
    method: 'post',
    path: '/api/orgs',
    summary: 'Create an organisation',
    roles: ['admin'],
    ok: 201,
    tag: 'admin',
    body: S({ name: str }, ['name']),
  },
  {
    method: 'get',
    path: '/api/orgs',
    summary: 'List organisations',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
  },
  {
    method: 'patch',
    path: '/api/orgs/{id}',
    summary: 'Organisation settings',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    body: S({
      name: str,
      segmentSeconds: int,
      minSegmentSeconds: nullable(int),
      maxSegmentSeconds: nullable(int),
      retentionDays: nullable(int),
      webhookUrl: nullable(str),
      webhookSecret: nullable(str),
    }),
  },
  {
    method: 'post',
    path: '/api/users',
    summary: 'Create a user',
    roles: ['admin'],
    ok: 201,
    tag: 'admin',
    body: S(
      {
        email: str,
        password: str,
        role: { enum: ['admin', 'client', 'transcriber', 'reviewer'] },
        orgId: str,
      },
      ['email', 'password', 'role'],
    ),
  },
  { method: 'get', path: '/api/users', summary: 'List users', roles: ['admin'], ok: 200, tag: 'admin' },
  {
    method: 'patch',
    path: '/api/users/{id}',
    summary: 'Disable, re-enable, change role or password',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    body: S({
      disabled: bool,
      password: str,
      role: { enum: ['admin', 'client', 'transcriber', 'reviewer'] },
    }),
  },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'Audit log, newest first',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
  },
  {
    method: 'get',
    path: '/api/admin/queue',
    summary: 'Segment and job queue figures',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
  },
  {
    method: 'get',
    path: '/api/admin/quality',
    summary: 'Per-transcriber figures: segments, audio minutes, word error rate',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
  },
  {
    method: 'get',
    path: '/api/webhooks/deliveries',
    summary: 'Webhook deliveries',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
  },
  {
    method: 'post',
    path: '/api/uploads',
    summary: 'tus 1.0.0 resumable upload: creation',
    roles: ['admin', 'client'],
    ok: 201,
    tag: 'recordings',
  },
  {
    method: 'options',
    path: '/api/uploads',
    summary: 'tus 1.0.0 capabilities',
    roles: ['anonymous'],
    ok: 204,
    tag: 'recordings',
  },
  {
    method: 'options',
    path: '/api/uploads/{id}',
    summary: 'tus 1.0.0 capabilities',
    roles: ['anonymous'],
    ok: 204,
    tag: 'recordings',
  },
  {
    method: 'head',
    path: '/api/uploads/{id}',
    summary: 'tus: offset of an upload',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
  },
  {
    method: 'patch',
    path: '/api/uploads/{id}',
    summary: 'tus: append bytes',
    roles: ['admin', 'client'],
    ok: 204,
    tag: 'recordings',
  },
  {
    method: 'delete',
    path: '/api/uploads/{id}',
    summary: 'tus: terminate an unfinished upload',
    roles: ['admin', 'client'],
    ok: 204,
    tag: 'recordings',
  },
  {
    method: 'post',
    path: '/api/recordings',
    summary: 'Upload in one multipart request (field "file")',
    roles: ['admin', 'client'],
    ok: 201,
    tag: 'recordings',
  },
  {
    method: 'get',
    path: '/api/recordings',
    summary: 'Recordings of the caller’s organisation, newest first',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
  },
  {
    method: 'get',
    path: '/api/recordings/{id}',
    summary: 'One recording with segment counts',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
  },
  {
    method: 'get',
    path: '/api/recordings/{id}/events',
    summary: 'Server-Sent Events: one per status or count change',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
  },
  {
    method: 'get',
    path: '/api/recordings/{id}/audio',
    summary: 'Playback audio (Range)',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
  },
  {
    method: 'get',
    path: '/api/recordings/{id}/peaks',
    summary: 'Waveform peaks',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
  },
  {
    method: 'get',
    path: '/api/recordings/{id}/transcript',
    summary: 'Transcript as txt, docx, srt, vtt or json',
    roles: ['admin', 'client'],
    ok: 200,
    tag: 'recordings',
  },
  {
    method: 'put',
    path: '/api/recordings/{id}/speakers',
    summary: 'Rename speakers across the recording',
    roles: ['admin', 'reviewer'],
    ok: 200,
    tag: 'review',
    body: S({ map: { type: 'object', additionalProperties: str } }, ['map']),
  },
  {
    method: 'delete',
    path: '/api/recordings/{id}',
    summary: 'Delete audio, segments and transcript for good',
    roles: ['admin', 'client'],
    ok: 204,
    tag: 'recordings',
  },
  {
    method: 'post',
    path: '/api/work/claim',
    summary: 'Claim the next open segment',
    roles: ['transcriber'],
    ok: 200,
    tag: 'work',
  },
  {
    method: 'get',
    path: '/api/work/mine',
    summary: 'Segments the transcriber holds',
    roles: ['transcriber'],
    ok: 200,
    tag: 'work',
  },
  {
    method: 'get',
    path: '/api/segments/{id}',
    summary: 'A segment (holder, reviewers, admins)',
    roles: ['admin', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'work',
  },
  {
    method: 'get',
    path: '/api/segments/{id}/audio',
    summary: 'Segment audio with context (Range)',
    roles: ['admin', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'work',
  },
  {
    method: 'get',
    path: '/api/segments/{id}/peaks',
    summary: 'Segment waveform peaks',
    roles: ['admin', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'work',
  },
  {
    method: 'put',
    path: '/api/segments/{id}/draft',
    summary: 'Save a draft; renews the lease',
    roles: ['transcriber', 'reviewer'],
    ok: 200,
    tag: 'work',
    body: S({ turns, version: int, heardRatio: num }, ['turns', 'version']),
  },
  {
    method: 'post',
    path: '/api/segments/{id}/submit',
    summary: 'Submit for review',
    roles: ['transcriber'],
    ok: 200,
    tag: 'work',
    body: S({ turns, version: int, heardRatio: num }, ['turns', 'version']),
  },
  {
    method: 'post',
    path: '/api/segments/{id}/release',
    summary: 'Give the segment back, keeping the draft',
    roles: ['transcriber', 'reviewer'],
    ok: 204,
    tag: 'work',
  },
  {
    method: 'post',
    path: '/api/review/claim',
    summary: 'Claim the next submitted segment',
    roles: ['reviewer'],
    ok: 200,
    tag: 'review',
  },
  {
    method: 'get',
    path: '/api/review/mine',
    summary: 'Segments the reviewer holds',
    roles: ['reviewer'],
    ok: 200,
    tag: 'review',
  },
  {
    method: 'get',
    path: '/api/review/recordings',
    summary: 'Recordings in work (no client names)',
    roles: ['admin', 'reviewer'],
    ok: 200,
    tag: 'review',
  },
  {
    method: 'get',
    path: '/api/review/recordings/{id}',
    summary: 'Whole-recording view: every segment’s turns',
    roles: ['admin', 'reviewer'],
    ok: 200,
    tag: 'review',
  },
  {
    method: 'post',
    path: '/api/segments/{id}/approve',
    summary: 'Approve, optionally with corrections',
    roles: ['reviewer'],
    ok: 200,
    tag: 'review',
    body: S({ turns, version: int }, ['version']),
  },
  {
    method: 'post',
    path: '/api/segments/{id}/return',
    summary: 'Return to transcribers with a comment',
    roles: ['reviewer'],
    ok: 200,
    tag: 'review',
    body: S({ comment: str, version: int }, ['comment', 'version']),
  },
  {
    method: 'post',
    path: '/api/segments/{id}/reopen',
    summary: 'Reopen a segment closed as [no speech]',
    roles: ['admin', 'reviewer'],
    ok: 200,
    tag: 'review',
  },
];

const errorSchema = S({ error: S({ code: str, message: str, details: {} }, ['code', 'message']) }, ['error']);

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const params = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: str,
    }));
    const responses: Record<string, unknown> = { [String(e.ok)]: { description: 'Success' } };
    if (!e.roles.includes('anonymous'))
      responses['401'] = {
        description: 'Not signed in',
        content: { 'application/json': { schema: errorSchema } },
      };
    responses['404'] = {
      description: 'Not found or not visible to the caller',
      content: { 'application/json': { schema: errorSchema } },
    };
    if (e.body)
      responses['400'] = {
        description: 'Validation failed',
        content: { 'application/json': { schema: errorSchema } },
      };
    (paths[e.path] ??= {})[e.method] = {
      summary: e.summary,
      tags: [e.tag],
      'x-roles': e.roles,
      ...(params.length ? { parameters: params } : {}),
      ...(e.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: e.body } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Notula API', version },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'notula_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: errorSchema },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}

/** Typed calls to the Notula HTTP API. Every function throws ApiError on failure. */
import { request } from './api-core.ts';
import type {
  ApiToken,
  AuditEntry,
  Claim,
  DraftSaved,
  GlossaryEntry,
  Org,
  Peaks,
  QualityRow,
  DraftFigureRow,
  QueueFigures,
  Recording,
  ReturnedSegment,
  ReviewRecordingDetail,
  ReviewRecordingSummary,
  Role,
  SearchPage,
  Segment,
  Turn,
  Turnaround,
  User,
  WebhookDelivery,
} from './types.ts';

export { ApiError, messageOf } from './api-core.ts';

const enc = encodeURIComponent;

export const auth = {
  me: () => request<{ user: User }>('GET', '/api/me').then((r) => r.user),
  login: (email: string, password: string) =>
    request<{ user: User }>('POST', '/api/auth/login', { email, password }).then((r) => r.user),
  logout: () => request<void>('POST', '/api/auth/logout'),
  /** The page language for this account; null follows the browser. */
  setLocale: (locale: 'en' | 'id' | null) =>
    request<{ user: User }>('PATCH', '/api/me', { locale }).then((r) => r.user),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/auth/password', { currentPassword, newPassword }),
  /** Chooses a password with the secret of an invite or reset link; signs in. */
  accept: (token: string, password: string) =>
    request<{ user: User }>('POST', '/api/auth/accept', { token, password }).then((r) => r.user),
  /** Asks for a reset link by e-mail; answers alike for every address. */
  forgot: (email: string) => request<void>('POST', '/api/auth/forgot', { email }),
};

export const tokens = {
  list: () => request<{ tokens: ApiToken[] }>('GET', '/api/tokens').then((r) => r.tokens),
  /** `expiresInDays` 1..3650; left out, the token works until revoked. */
  create: (name: string, expiresInDays?: number) =>
    request<{ token: string; id: string; expiresAt: string | null }>('POST', '/api/tokens', {
      name,
      ...(expiresInDays ? { expiresInDays } : {}),
    }),
  remove: (id: string) => request<void>('DELETE', `/api/tokens/${enc(id)}`),
};

export type TranscriptFormat = 'txt' | 'docx' | 'srt' | 'vtt' | 'json';

export const recordings = {
  list: () => request<{ recordings: Recording[] }>('GET', '/api/recordings').then((r) => r.recordings),
  get: (id: string) =>
    request<{ recording: Recording }>('GET', `/api/recordings/${enc(id)}`).then((r) => r.recording),
  peaks: (id: string) => request<Peaks>('GET', `/api/recordings/${enc(id)}/peaks`),
  remove: (id: string) => request<void>('DELETE', `/api/recordings/${enc(id)}`),
  setSpeakers: (id: string, map: Record<string, string>) =>
    request<unknown>('PUT', `/api/recordings/${enc(id)}/speakers`, { map }),
  audioUrl: (id: string) => `/api/recordings/${enc(id)}/audio`,
  eventsUrl: (id: string) => `/api/recordings/${enc(id)}/events`,
  transcriptUrl: (id: string, format: TranscriptFormat) =>
    `/api/recordings/${enc(id)}/transcript?format=${format}`,
  transcript: <T>(id: string) => request<T>('GET', `/api/recordings/${enc(id)}/transcript?format=json`),
};

export const search = {
  /** Completed transcripts of the caller's organisation (every one for admins), best match first. */
  query: (q: string, cursor: string | null = null) =>
    request<SearchPage>('GET', `/api/search?q=${enc(q)}${cursor ? `&cursor=${enc(cursor)}` : ''}`),
};

export interface TurnsBody {
  turns: Turn[];
  version: number;
  heardRatio?: number;
}

export const work = {
  /** `null` when nothing is waiting (204). */
  claim: () => request<Claim | undefined>('POST', '/api/work/claim').then((r) => r ?? null),
  /** Takes back one of the segments returned to the caller. */
  claimReturned: (segmentId: string) =>
    request<Claim | undefined>('POST', '/api/work/claim', { segmentId }).then((r) => r ?? null),
  mine: () => request<{ segments: Segment[] }>('GET', '/api/work/mine').then((r) => r.segments),
  /** Held segments and those returned to the caller, waiting to be claimed. */
  board: () =>
    request<{ segments: Segment[]; returned?: ReturnedSegment[] }>('GET', '/api/work/mine').then((r) => ({
      segments: r.segments,
      returned: r.returned ?? [],
    })),
};

export const segments = {
  get: (id: string) =>
    request<{ segment: Segment }>('GET', `/api/segments/${enc(id)}`).then((r) => r.segment),
  peaks: (id: string) => request<Peaks>('GET', `/api/segments/${enc(id)}/peaks`),
  audioUrl: (id: string) => `/api/segments/${enc(id)}/audio`,
  saveDraft: (id: string, body: TurnsBody, keepalive = false) =>
    request<DraftSaved>('PUT', `/api/segments/${enc(id)}/draft`, body, { keepalive }),
  submit: (id: string, body: TurnsBody) =>
    request<{ segment: Segment }>('POST', `/api/segments/${enc(id)}/submit`, body).then((r) => r.segment),
  release: (id: string) => request<void>('POST', `/api/segments/${enc(id)}/release`),
  /** Adds ranges heard (recording seconds); answers the union kept on the server. */
  heard: (id: string, ranges: [number, number][], keepalive = false) =>
    request<{ heard: [number, number][]; heardRatio: number }>(
      'POST',
      `/api/segments/${enc(id)}/heard`,
      { ranges },
      { keepalive },
    ),
  approve: (id: string, body: { turns?: Turn[]; version: number }) =>
    request<{ segment: Segment }>('POST', `/api/segments/${enc(id)}/approve`, body).then((r) => r.segment),
  returnToTranscriber: (id: string, body: { comment: string; version: number }) =>
    request<{ segment: Segment }>('POST', `/api/segments/${enc(id)}/return`, body).then((r) => r.segment),
  reopen: (id: string) => request<unknown>('POST', `/api/segments/${enc(id)}/reopen`),
};

export const review = {
  claim: () => request<Claim | undefined>('POST', '/api/review/claim').then((r) => r ?? null),
  mine: () => request<{ segments: Segment[] }>('GET', '/api/review/mine').then((r) => r.segments),
  recordings: () =>
    request<{ recordings: ReviewRecordingSummary[] }>('GET', '/api/review/recordings').then(
      (r) => r.recordings,
    ),
  recording: (id: string) => request<ReviewRecordingDetail>('GET', `/api/review/recordings/${enc(id)}`),
};

export interface OrgPatch {
  name?: string;
  segmentSeconds?: number;
  retentionDays?: number | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  /** The order settings (API.md § Orders). */
  turnarounds?: Turnaround[];
  defaultTurnaround?: string;
  styleGuide?: string;
  glossary?: GlossaryEntry[];
}

export interface NewUser {
  email: string;
  name?: string;
  /** Left out, the user is invited. */
  password?: string;
  role: Role;
  orgId?: string;
}

export interface AuditFilter {
  userId?: string;
  action?: string;
  /** YYYY-MM-DD (UTC day) or an ISO time. */
  from?: string;
  to?: string;
  limit?: number;
}

export const admin = {
  orgs: () => request<{ orgs: Org[] }>('GET', '/api/orgs').then((r) => r.orgs),
  createOrg: (name: string) => request<{ org: Org }>('POST', '/api/orgs', { name }).then((r) => r.org),
  updateOrg: (id: string, patch: OrgPatch) =>
    request<{ org: Org }>('PATCH', `/api/orgs/${enc(id)}`, patch).then((r) => r.org),
  users: () => request<{ users: User[] }>('GET', '/api/users').then((r) => r.users),
  createUser: (u: NewUser) =>
    request<{ user: User; inviteUrl?: string; mailed?: boolean }>('POST', '/api/users', u),
  /** A new invite or reset link for a user; `mailed` says whether it went out by e-mail. */
  passwordLink: (id: string) =>
    request<{ kind: 'invite' | 'reset'; url: string; mailed: boolean }>(
      'POST',
      `/api/users/${enc(id)}/reset`,
    ),
  updateUser: (id: string, patch: { name?: string; disabled?: boolean; password?: string; role?: Role }) =>
    request<{ user: User }>('PATCH', `/api/users/${enc(id)}`, patch).then((r) => r.user),
  /** One page of the audit log, newest first; `nextCursor` fetches the next (older) page. */
  audit: (filter: AuditFilter = {}, cursor: string | null = null) => {
    const q = new URLSearchParams({ limit: String(filter.limit ?? 200) });
    for (const k of ['userId', 'action', 'from', 'to'] as const) if (filter[k]) q.set(k, filter[k]);
    if (cursor) q.set('cursor', cursor);
    return request<{ entries: AuditEntry[]; nextCursor: string | null }>('GET', `/api/audit?${q}`);
  },
  quality: () =>
    request<{ transcribers: QualityRow[]; drafts?: DraftFigureRow[] }>('GET', '/api/admin/quality').then(
      (r) => ({
        transcribers: r.transcribers,
        drafts: r.drafts ?? [],
      }),
    ),
  queue: () => request<QueueFigures>('GET', '/api/admin/queue'),
  deliveries: (orgId?: string) =>
    request<{ deliveries: WebhookDelivery[] }>(
      'GET',
      `/api/webhooks/deliveries${orgId ? `?orgId=${enc(orgId)}` : ''}`,
    ).then((r) => r.deliveries),
};

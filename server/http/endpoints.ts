/**
 * Every endpoint Notula serves: the one table from which the app registers its routes
 * (registerEndpoints), the OpenAPI document is generated (openapi.ts) and the isolation matrix is
 * checked. Each area declares its endpoints next to their handlers; a new area adds its list here.
 * See server/http/contract.ts for the shape of an entry.
 */
import type { Endpoint } from './contract.ts';
import { healthEndpoints } from './routes/health.ts';
import { authEndpoints } from './routes/auth.ts';
import { adminEndpoints } from './routes/admin.ts';
import { tusEndpoints } from './tus.ts';
import { recordingEndpoints } from './routes/recordings.ts';
import { searchEndpoints } from './routes/search.ts';
import { workEndpoints } from './routes/work.ts';
import { orderEndpoints } from './routes/orders.ts';
import { peopleEndpoints } from './routes/people.ts';
import { docsEndpoints } from './routes/docs.ts';
import { draftEndpoints } from './routes/drafts.ts';
import { preferenceEndpoints } from './routes/preferences.ts';
import { heardEndpoints } from './routes/heard.ts';

export type { Endpoint } from './contract.ts';

export const ENDPOINTS: readonly Endpoint[] = [
  ...healthEndpoints,
  ...authEndpoints,
  ...adminEndpoints,
  ...tusEndpoints,
  ...recordingEndpoints,
  ...searchEndpoints,
  ...workEndpoints,
  ...orderEndpoints,
  ...peopleEndpoints,
  ...docsEndpoints,
  ...draftEndpoints,
  ...preferenceEndpoints,
  ...heardEndpoints,
];

import { endpoint, perApp, SENT, type Endpoint } from '../contract.ts';
import { renderApiDocs } from '../api-docs.ts';

/** Rendered once per app: the document does not change while the process runs. */
const page = perApp((d) => renderApiDocs(d.openApi));

export const docsEndpoints: Endpoint[] = [
  endpoint({
    method: 'get',
    path: '/api/docs',
    summary: 'This reference as a web page (HTML, built from /api/openapi.json)',
    roles: ['anonymous'],
    ok: 200,
    tag: 'health',
    mount: 'app',
    produces: ['text/html'],
    async handler({ res, d }) {
      res.type('html').setHeader('Cache-Control', 'no-cache');
      res.send(page(d));
      return SENT;
    },
  }),
];

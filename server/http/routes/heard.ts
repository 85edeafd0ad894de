import { z } from 'zod';
import { endpoint, type Endpoint } from '../contract.ts';
import * as S from '../schemas.ts';

/** Ranges of the segment's audio played, in recording seconds; the browser sends all it heard. */
const heardBody = z.strictObject({
  ranges: z
    .array(
      z
        .tuple([z.number().finite().min(0), z.number().finite().min(0)])
        .refine(([s, e]) => e >= s, 'a range ends after it starts'),
    )
    .max(1000),
});

export const heardEndpoints: Endpoint[] = [
  endpoint({
    method: 'post',
    path: '/api/segments/{id}/heard',
    hot: true,
    summary:
      'Record what the holding transcriber heard: ranges [start, end] in recording seconds; answers the union over every session and transcriber, and its share of the segment',
    roles: ['transcriber'],
    ok: 200,
    tag: 'work',
    body: heardBody,
    // Only someone who may know the segment learns why a body was refused (as the other writes).
    known: async ({ d, p, params }) => void (await d.s.work.assertKnown(p, params.id)),
    response: z.strictObject({ heard: S.heardRanges, heardRatio: z.number() }),
    handler: ({ d, p, params, body }) => d.s.heard.add(p, params.id, body.ranges),
  }),
];

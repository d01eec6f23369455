/** What the one-round-trip writes share: the ends they check (entity/_writable) and the JSON escapes of their history. */
import { z } from 'zod';

/** An entity a write names, by key and the type its id names (entity/_writable). */
export interface EndRef {
  key: string;
  type: string;
}

/** The first entity a write may not use (entity/_writable): its index in the list given, why, and where a merged one went. */
export const badEnd = z
  .object({
    i: z.number().int(),
    problem: z.enum(['missing', 'merged']),
    into: z.string().nullable(),
  })
  .nullable();
export type BadEnd = z.infer<typeof badEnd>;

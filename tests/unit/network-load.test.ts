/**
 * The network questions read their members, allies and shared fora through one loader call:
 * a load that failed (a timeout, the database away) must fail the field, not shrink the answer
 * (found by trying it: two parallel coverage questions on 50,000 members answered "members: []").
 */
import 'reflect-metadata';
import type { Context } from '../../src/context';
import { load } from '../../src/resolvers/network/network.resolver';

const ctxWith = (answers: unknown[]) =>
  ({ loaders: { entity: { loadMany: async () => answers } } }) as unknown as Pick<
    Context,
    'loaders'
  >;

describe('loading the entities of a network answer', () => {
  it('keeps the order and leaves out keys that name nothing', async () => {
    const a = { key: 'a' };
    const b = { key: 'b' };
    await expect(load(ctxWith([a, null, b]), ['a', 'x', 'b'])).resolves.toEqual([a, b]);
  });

  it('fails with the loader error instead of answering without those entities', async () => {
    const timeout = new Error('The query took too long and was stopped.');
    await expect(load(ctxWith([{ key: 'a' }, timeout]), ['a', 'b'])).rejects.toBe(timeout);
  });
});

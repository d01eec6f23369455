/**
 * The debug log of queries (LOG_LEVEL=debug) shows every query's parameters: secrets, key hashes,
 * tokens and contact details are replaced, at any depth (a tester found a webhook's secret and a
 * person's email there).
 */
import { redacted } from '../../src/graph/database';

describe('query parameters in the debug log', () => {
  it('hides secrets and contact details, keeps the rest', () => {
    expect(
      redacted({
        id: 'h1',
        secret: 'whsec_abc',
        url: 'https://example.org/hook',
        props: { name: 'Zelda', email: 'zelda@example.org', phone: '+41 1', title: null },
        rows: [{ keyHash: 'x', role: 'admin' }],
        contact: { email: 'a@b.c' },
        limit: 10,
      }),
    ).toEqual({
      id: 'h1',
      secret: '[redacted]',
      url: 'https://example.org/hook',
      props: { name: 'Zelda', email: '[redacted]', phone: '[redacted]', title: null },
      rows: [{ keyHash: '[redacted]', role: 'admin' }],
      contact: '[redacted]',
      limit: 10,
    });
  });
});

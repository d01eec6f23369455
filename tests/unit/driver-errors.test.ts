/** How driver errors become the service's errors: the message must say what is wrong and what helps. */
import { Neo4jError } from 'neo4j-driver';

const newError = (message: string, code: string) =>
  new Neo4jError(message, code, '50N42', 'error: general processing exception');
import { mapDriverError } from '../../src/graph/database';
import { AppError } from '../../src/errors';

describe('driver errors', () => {
  it('a transaction out of memory says so, not that the database is away', () => {
    const mapped = mapDriverError(
      newError(
        'The allocation of an extra 2.0 MiB would use more than the limit',
        'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
      ),
    );
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(
        /^The database ran out of memory for this transaction\..*LOCAL_NEO4J_HEAP/,
      ),
    });
  });

  it('a lost connection is still "not reachable"', () => {
    expect(mapDriverError(newError('Connection lost', 'ServiceUnavailable'))).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(/not reachable/),
    });
  });
});

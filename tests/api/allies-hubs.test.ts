/**
 * allies on hub fora (docs/network.md, "Hub fora"): network/allies does not walk a forum of more
 * than `hub` organisations for allies when the page is exact without it, and the page is the
 * same as when every forum is walked. On a generated network (src/bench/generator.ts) whose two
 * largest fora are hubs, every sample organisation gets the answer it gets with none (a `hub` no
 * forum reaches), some of them without the hub walk and some with it; and the API's own answer
 * is that answer.
 */
import { planNetwork } from '../../src/bench/generator';
import { writeNetwork } from '../../src/bench/writer';
import { toGlobalId } from '../../src/domain/ids';
import { EntityType } from '../../src/domain/model';
import {
  ENGAGEMENT_ROLE_WEIGHT,
  EVENT_FACTOR,
  PARTICIPATION_ROLE_WEIGHT,
  scoreAllies,
} from '../../src/domain/network';
import { networkRepository } from '../../src/graph/network.repository';
import { LIMITS } from '../../src/services/network.service';
import { useTestApp } from '../helpers/app';

const SIZE = { organisations: 300, people: 100, fora: 30, seed: 'allies-hubs' };

describe('allies with hub fora', () => {
  const app = useTestApp();
  let sample: Array<{ key: string }> = [];
  /** Only the two largest fora are hubs (as a few fora are in the benchmark's networks). */
  let hub = 0;

  beforeAll(async () => {
    const network = planNetwork(SIZE);
    await writeNetwork(app.db, network);
    sample = network.sample.organisations.slice(0, 40);
    const [row] = await app.cypher(
      'MATCH (f:Forum)<-[:ENGAGES_IN]-(o:Organisation) WITH f, count(DISTINCT o) AS n ORDER BY n DESC RETURN collect(n) AS sizes',
    );
    hub = Number((row.sizes as unknown[])[2]);
  }, 120_000);

  const ask = async (key: string, hub: number, first = 10) => {
    const row = await app.db.read((tx) =>
      networkRepository.allies(tx, {
        refs: [
          { key, type: EntityType.Organisation, slug: null, types: [EntityType.Organisation] },
        ],
        kinds: null,
        countries: null,
        cap: LIMITS.allyRows,
        hub,
        first,
        forumWeights: ENGAGEMENT_ROLE_WEIGHT,
        eventWeights: PARTICIPATION_ROLE_WEIGHT,
        eventFactor: EVENT_FACTOR,
        activeStart: null,
        activeEnd: null,
      }),
    );
    const rows = row.top.flatMap((t) => t.rows);
    const answer = scoreAllies(
      key,
      rows.filter((r) => !r.event),
      rows.filter((r) => r.event),
    )
      .slice(0, first)
      .map((a) => ({ ...a, sharedFora: [...a.sharedFora].sort() }));
    return { answer, exact: row.exact };
  };

  it('answers every sample organisation as when no forum is a hub, walking the hubs only when the page needs it', async () => {
    expect(hub).toBeGreaterThan(2);
    let bounded = 0;
    let walked = 0;
    for (const first of [10, 50]) {
      for (const o of sample) {
        const plain = await ask(o.key, 1_000_000, first);
        const hubs = await ask(o.key, hub, first);
        expect({ of: o.key, first, answer: hubs.answer }).toEqual({
          of: o.key,
          first,
          answer: plain.answer,
        });
        if (hubs.exact) bounded += 1;
        else walked += 1;
      }
    }
    // Both ways were taken, so both were compared.
    expect(bounded).toBeGreaterThan(0);
    expect(walked).toBeGreaterThan(0);
  });

  it('answers one ally per page the same way (first: 1), where the bound holds most easily', async () => {
    for (const o of sample.slice(0, 20)) {
      const plain = await ask(o.key, 1_000_000, 1);
      const hubs = await ask(o.key, hub, 1);
      expect(hubs.answer).toEqual(plain.answer);
    }
  });

  it('the API answers as the query does with no hubs', async () => {
    for (const o of sample.slice(0, 10)) {
      const res = await app.gql(
        'query ($of: ID!) { allies(of: $of) { score organisation { id } sharedFora { id } } }',
        { of: toGlobalId(EntityType.Organisation, o.key) },
      );
      expect(res.body.errors).toBeUndefined();
      const plain = await ask(o.key, 1_000_000);
      expect(
        res.body.data!.allies.map((a: { score: number; organisation: { id: string } }) => [
          a.organisation.id,
          a.score,
        ]),
      ).toEqual(plain.answer.map((a) => [toGlobalId(EntityType.Organisation, a.ally), a.score]));
    }
  });
});

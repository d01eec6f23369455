/**
 * The benchmark's network generator: a fixed size and seed always write the same graph,
 * with the counts asked for, stored as the service stores entities and ties, so that the
 * service answers questions on it. The command refuses a database that holds entities.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { planNetwork } from '../../src/bench/generator';
import { entityCount, graphCounts, wipeGraph, writeNetwork } from '../../src/bench/writer';
import { projectRoot } from '../../src/paths';
import { testConnection, useTestApp } from '../helpers/app';

const SIZE = { organisations: 40, people: 60, fora: 8, seed: 'generator-test' };

describe('network generator', () => {
  const app = useTestApp();
  const slugs = async () =>
    (await app.cypher('MATCH (n:Entity) RETURN n.slug AS slug ORDER BY slug')).map(
      (r) => r.slug as string,
    );
  const tieIds = async () =>
    (await app.cypher('MATCH (:Entity)-[r]->(:Entity) RETURN r.id AS id ORDER BY id')).map(
      (r) => r.id as string,
    );

  it('writes the counts asked for, and the same graph again from the same seed', async () => {
    const network = planNetwork(SIZE);
    expect(network.counts).toMatchObject({
      Organisation: 40,
      Person: 60,
      Forum: 8,
      Event: 24,
      PART_OF: 24,
    });
    // Small batches, so that batching itself is exercised.
    const written = await writeNetwork(app.db, network, 25);
    const counts = await graphCounts(app.db);
    expect(counts).toEqual(network.counts);
    expect(written.rows).toBe(Object.values(network.counts).reduce((a, b) => a + b, 0));
    expect(counts.ENGAGES_IN).toBeGreaterThanOrEqual(40);
    const firstSlugs = await slugs();
    const firstTies = await tieIds();
    expect(firstSlugs).toHaveLength(40 + 60 + 8 + 24);

    await wipeGraph(app.db, 30);
    expect(await entityCount(app.db)).toBe(0);
    await writeNetwork(app.db, planNetwork(SIZE), 1000);
    expect(await graphCounts(app.db)).toEqual(counts);
    expect(await slugs()).toEqual(firstSlugs);
    expect(await tieIds()).toEqual(firstTies);
  });

  it('gives another graph for another seed', () => {
    const a = planNetwork(SIZE).sample.organisations.map((o) => o.slug);
    const b = planNetwork({ ...SIZE, seed: 'another' }).sample.organisations.map((o) => o.slug);
    expect(a).not.toEqual(b);
  });

  it('stores entities and ties so that the service answers a forum’s engagements', async () => {
    const biggest = planNetwork(SIZE).sample.fora[0];
    const res = await app.gql(
      `query ($slug: String!) { forum(slug: $slug) { slug engagements(first: 50) { totalCount
         nodes { role since actor { __typename ... on Organisation { name } ... on Person { name } } } } } }`,
      { slug: biggest.slug },
    );
    expect(res.body.errors).toBeUndefined();
    const forum = res.body.data!.forum;
    expect(forum.slug).toBe(biggest.slug);
    expect(forum.engagements.totalCount).toBe(biggest.engagements);
    expect(forum.engagements.nodes).toHaveLength(Math.min(50, biggest.engagements));
    for (const n of forum.engagements.nodes) expect(n.actor.name).toEqual(expect.any(String));
  });

  it('refuses, as a command, to write into a database that holds entities', () => {
    const conn = testConnection();
    const r = spawnSync(
      process.execPath,
      [
        path.join(projectRoot(), 'dist', 'src', 'cli', 'generate.js'),
        '--organisations',
        '2',
        '--people',
        '2',
        '--fora',
        '1',
      ],
      {
        env: {
          ...process.env,
          NEO4J_URI: conn.uri,
          NEO4J_USER: conn.user,
          NEO4J_PASSWORD: conn.password,
          LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already holds \d+ entities\. Pass --wipe/);
  });
});

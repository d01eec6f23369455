/**
 * The questions the benchmark asks, each three ways: through the service's GraphQL API,
 * through the API @neo4j/graphql generates (bench/harness/typedefs.ts), and as the raw
 * Cypher floor: for each question the one query a Neo4j expert would write for it
 * (bench/cypher/*.cypher), one round trip. For each read, `answer` turns the service's GraphQL
 * data into the shape the floor returns, and the run checks they are equal before measuring.
 * Request i picks its ids, slugs or words from the generated network, rotating, so that
 * no single record sits hot in a cache.
 */
import crypto from 'node:crypto';
import type { NetworkSample } from '../../src/bench/generator';
import { periodStart } from '../../src/domain/dates';
import { toGlobalId } from '../../src/domain/ids';
import { EntityType, TIE_TYPES, TieType } from '../../src/domain/model';
import {
  ENGAGEMENT_ROLE_WEIGHT,
  EVENT_FACTOR,
  PARTICIPATION_ROLE_WEIGHT,
} from '../../src/domain/network';
import { searchQuery } from '../../src/domain/text';
import { fromNeo4j } from '../../src/graph/convert';
import type { FloorWork } from './floor';

export interface GqlRequest {
  query: string;
  variables: Record<string, unknown>;
  /** Send the API key (writes need one on the service; reads that would otherwise leave out affiliations send it too). */
  auth?: boolean;
}

export interface Operation {
  name: string;
  /** What is asked, in the users' words. */
  question: string;
  mode: 'READ' | 'WRITE';
  ours: (i: number) => GqlRequest;
  /** The same question through @neo4j/graphql, or why it cannot be asked there. */
  alternative: ((i: number) => GqlRequest) | { skipped: string };
  /** Runs the floor's query; for reads it returns the answer in a plain shape, which `answer` gives for the service's data. */
  floor: FloorWork;
  /** The service's GraphQL data in the floor's shape, for the check that both answer the same (absent: not checked, with the reason in `unchecked`). */
  answer?: (data: any) => unknown;
  unchecked?: string;
  /** Why the floor may answer differently at some start points: the difference is then reported, not fatal. */
  mayDiffer?: string;
}

const PAGE = 50;
/** The service's row cap for allies (LIMITS.allyRows), so that both answer the same. */
const ALLY_ROWS = 20_000;
const ALL_TYPES = { types: TIE_TYPES.join('|') };

type Rec = Record<string, unknown>;
/** A floor row as plain values (Integers to numbers). */
const plain = (r: { toObject(): Rec }) => fromNeo4j(r.toObject()) as Rec;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Search words: parts of real names, as an advocate would type them (accents left out, some misspelt). */
export function searchTerms(sample: NetworkSample): string[] {
  const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '');
  const terms: string[] = [];
  sample.organisations.slice(0, 100).forEach((o, j) => {
    const w = o.name.split(' ');
    terms.push(j % 3 === 0 ? `${w[1]} ${w[w.length - 1]}` : w.slice(0, 3).join(' '));
  });
  sample.people
    .slice(0, 60)
    .forEach((p, j) => terms.push(j % 4 === 0 ? fold(p.name).slice(0, -1) : fold(p.name)));
  sample.fora.slice(0, 40).forEach((f) => terms.push(f.name.split(' ').slice(-2).join(' ')));
  return terms;
}

/** A distinct start date per added engagement (never a duplicate tie), days from 1100-01-01 on. */
function uniqueDay(n: number): string {
  return new Date(Date.UTC(1100, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

export function operations(sample: NetworkSample): Operation[] {
  const fora = sample.fora;
  const orgs = sample.organisations;
  const people = sample.people;
  const terms = searchTerms(sample);
  const org = (i: number) => orgs[i % orgs.length];
  const orgId = (i: number) => toGlobalId(EntityType.Organisation, org(i).key);
  // Counterparts for connections: another organisation every other time, otherwise a person.
  const other = (i: number) =>
    i % 2
      ? { type: EntityType.Organisation, key: org(i * 7 + 13).key }
      : { type: EntityType.Person, key: people[(i * 11) % people.length].key };
  let adds = 0;

  return [
    {
      name: 'forum-engagements',
      question: "A forum's engagements: the first 50, with role, dates and each actor's name",
      mode: 'READ',
      ours: (i) => ({
        query: `query ($slug: String!) { forum(slug: $slug) { name engagements(first: 50) { totalCount
          nodes { role since until actor { __typename ... on Organisation { name } ... on Person { name } } } } } }`,
        variables: { slug: fora[i % fora.length].slug },
      }),
      alternative: (i) => ({
        query: `query ($slug: String!) { forums(where: { slug: { eq: $slug } }) { name actorsConnection(first: 50, sort: [{ edge: { sinceStart: ASC } }]) { totalCount
          edges { properties { role since until } node { __typename ... on Organisation { name } ... on Person { name } } } } } }`,
        variables: { slug: fora[i % fora.length].slug },
      }),
      floor: async (tx, i) => {
        const [row] = await tx.run('forum-engagements', {
          slug: fora[i % fora.length].slug,
          first: PAGE,
        });
        return row ? plain(row) : null;
      },
      answer: (d) =>
        d.forum && {
          name: d.forum.name,
          totalCount: d.forum.engagements.totalCount,
          nodes: d.forum.engagements.nodes.map((n: any) => ({
            role: n.role,
            since: n.since,
            until: n.until,
            actor: { type: n.actor.__typename, name: n.actor.name },
          })),
        },
    },
    {
      name: 'organisation-three-levels',
      question:
        "An organisation, its engagements (50), and each forum's engagements (50) with their actors",
      mode: 'READ',
      ours: (i) => ({
        query: `query ($slug: String!) { organisation(slug: $slug) { name engagements(first: 50) { nodes { role since until
          forum { name engagements(first: 50) { totalCount nodes { role actor { __typename ... on Organisation { name } ... on Person { name } } } } } } } } }`,
        variables: { slug: org(i).slug },
      }),
      alternative: (i) => ({
        query: `query ($slug: String!) { organisations(where: { slug: { eq: $slug } }) { name engagementsConnection(first: 50) { edges { properties { role since until }
          node { name actorsConnection(first: 50) { totalCount edges { properties { role } node { __typename ... on Organisation { name } ... on Person { name } } } } } } } } }`,
        variables: { slug: org(i).slug },
      }),
      floor: async (tx, i) => {
        const [row] = await tx.run('organisation-three-levels', { slug: org(i).slug, first: PAGE });
        return row ? plain(row) : null;
      },
      answer: (d) =>
        d.organisation && {
          name: d.organisation.name,
          nodes: d.organisation.engagements.nodes.map((e: any) => ({
            role: e.role,
            since: e.since,
            until: e.until,
            forum: {
              name: e.forum.name,
              totalCount: e.forum.engagements.totalCount,
              nodes: e.forum.engagements.nodes.map((n: any) => ({
                role: n.role,
                actor: { type: n.actor.__typename, name: n.actor.name },
              })),
            },
          })),
        },
    },
    {
      name: 'search',
      question: 'Full-text search for a name (10 hits, any type)',
      mode: 'READ',
      ours: (i) => ({
        query: `query ($text: String!) { search(text: $text) { score entity { __typename name slug } } }`,
        variables: { text: terms[i % terms.length] },
      }),
      alternative: (i) => ({
        // The client sends the same Lucene query the service builds from the words (src/domain/text.ts).
        query: `query ($text: String!) { search(text: $text) { __typename ... on Organisation { name slug } ... on Person { name slug } ... on Forum { name slug } ... on Event { name slug } } }`,
        variables: { text: searchQuery(terms[i % terms.length]) },
      }),
      floor: async (tx, i) => {
        const rows = await tx.run('search', {
          query: searchQuery(terms[i % terms.length]),
          limit: 10,
        });
        return rows.map(plain).map((r) => ({
          score: round6(r.score as number),
          type: r.type,
          name: r.name,
          slug: r.slug,
        }));
      },
      answer: (d) =>
        d.search.map((h: any) => ({
          score: round6(h.score),
          type: h.entity.__typename,
          name: h.entity.name,
          slug: h.entity.slug,
        })),
    },
    {
      name: 'allies',
      question:
        'The 10 best allies of an organisation (weighted Adamic-Adar over shared fora and events)',
      mode: 'READ',
      mayDiffer:
        "when the row cap binds (an organisation in a hub forum of the large network): the floor keeps the first $cap rows of all its fora, the service looks up its candidates' hub ties from their side, so it scores more shared fora",
      ours: (i) => ({
        query: `query ($of: ID!) { allies(of: $of) { score organisation { name } } }`,
        variables: { of: orgId(i) },
      }),
      alternative: (i) => ({
        query: `query ($of: ID!) { allies(of: $of) { name } }`,
        variables: { of: org(i).key },
      }),
      floor: async (tx, i) => {
        const params = {
          of: org(i).key,
          first: 10,
          cap: ALLY_ROWS,
          forumWeights: ENGAGEMENT_ROLE_WEIGHT,
          eventWeights: PARTICIPATION_ROLE_WEIGHT,
          eventFactor: EVENT_FACTOR,
        };
        return (await tx.run('allies', params))
          .map(plain)
          .map((r) => ({ score: round6(r.score as number), name: r.name }));
      },
      answer: (d) =>
        d.allies.map((a: any) => ({ score: round6(a.score), name: a.organisation.name })),
    },
    {
      name: 'connections',
      question:
        'Up to 3 shortest paths (at most 4 ties) from an organisation to another organisation or a person',
      mode: 'READ',
      ours: (i) => ({
        query: `query ($from: ID!, $to: ID!) { connections(from: $from, to: $to) { length nodes { __typename ... on Entity { name } } } }`,
        variables: { from: orgId(i), to: toGlobalId(other(i).type, other(i).key) },
        // With a key: anonymous callers do not walk affiliations, and the floor and @neo4j/graphql do.
        auth: true,
      }),
      alternative: (i) => ({
        query: `query ($from: ID!, $to: ID!) { connections(from: $from, to: $to) { length nodes { name } } }`,
        variables: { from: org(i).key, to: other(i).key },
      }),
      floor: async (tx, i) => {
        const rows = (
          await tx.run('connections', { from: org(i).key, to: other(i).key }, ALL_TYPES)
        ).map(plain);
        return pathsShape(
          rows.map((r) => ({
            length: r.length as number,
            nodes: r.nodes as Array<{ type: string; name: string }>,
          })),
        );
      },
      // Among paths of equal length SHORTEST may pick others in another query, so the check compares lengths and ends.
      answer: (d) =>
        pathsShape(
          d.connections.map((p: any) => ({
            length: p.length,
            nodes: p.nodes.map((n: any) => ({ type: n.__typename, name: n.name })),
          })),
        ),
    },
    {
      name: 'neighbourhood-depth-2',
      question:
        'The graph two ties around an organisation (at most 200 nodes) with the ties among them',
      mode: 'READ',
      ours: (i) => ({
        query: `query ($id: ID!) { neighbourhood(id: $id, depth: 2) { truncated nodes { id label type } edges { id source target type } } }`,
        variables: { id: orgId(i) },
        // With a key: anonymous callers do not walk affiliations, and the floor and @neo4j/graphql do.
        auth: true,
      }),
      alternative: (i) => ({
        query: `query ($id: ID!) { neighbourhood(id: $id) { nodes { id name } edges { source target type } } }`,
        variables: { id: org(i).key },
      }),
      floor: async (tx, i) => {
        const [row] = await tx.run(
          'neighbourhood-depth-2',
          { id: org(i).key, limit: 200, edgeCap: 200 * 10 + 1 },
          ALL_TYPES,
        );
        const r = plain(row);
        const nodes = r.nodes as Array<{ id: string; type: EntityType; name: string }>;
        const edges = r.edges as Array<{ id: string; type: TieType }>;
        return graphShape(
          r.truncated as boolean,
          nodes.map((n) => toGlobalId(n.type, n.id)),
          edges.map((e) => toGlobalId(e.type, e.id)),
        );
      },
      // Compared as sets: the same entities and ties, whatever order each query found them in.
      answer: (d) =>
        graphShape(
          d.neighbourhood.truncated,
          d.neighbourhood.nodes.map((n: any) => n.id),
          d.neighbourhood.edges.map((e: any) => e.id),
        ),
    },
    {
      name: 'write-mix',
      question:
        'Writes, alternating: addEngagement (an organisation joins a forum) and updateEngagement (a note on an engagement)',
      mode: 'WRITE',
      ours: (i) => {
        if (i % 2 === 0) {
          const n = (adds += 1);
          return {
            query: `mutation ($input: EngagementInput!) { addEngagement(input: $input) { id version } }`,
            variables: {
              input: {
                from: orgId(i),
                to: toGlobalId(EntityType.Forum, fora[(i * 31) % fora.length].key),
                role: 'MEMBER',
                since: uniqueDay(n),
              },
            },
            auth: true,
          };
        }
        const e = sample.engagements[i % sample.engagements.length];
        return {
          query: `mutation ($id: ID!, $input: EngagementPatch!) { updateEngagement(id: $id, input: $input) { id version } }`,
          variables: {
            id: toGlobalId(TieType.ENGAGES_IN, e.key),
            input: { note: `bench note ${i}` },
          },
          auth: true,
        };
      },
      alternative: (i) => {
        const now = new Date().toISOString();
        if (i % 2 === 0) {
          const n = (adds += 1);
          const since = uniqueDay(n);
          return {
            query: `mutation ($org: ID!, $forum: ID!, $edge: EngagementCreateInput!) {
              updateOrganisations(where: { id: { eq: $org } }, update: { engagements: [{ connect: [{ where: { node: { id: { eq: $forum } } }, edge: $edge }] }] }) { organisations { id } } }`,
            variables: {
              org: org(i).key,
              forum: fora[(i * 31) % fora.length].key,
              edge: {
                id: crypto.randomUUID(),
                role: 'MEMBER',
                since,
                sinceStart: periodStart(since),
                sourcesJson: '[]',
                createdAt: now,
                updatedAt: now,
                version: 1,
              },
            },
          };
        }
        const e = sample.engagements[i % sample.engagements.length];
        return {
          // Without `version: { add: 1 }`: @neo4j/graphql checks arithmetic with apoc.util.validate, and Neo4j Community has no APOC here.
          query: `mutation ($org: ID!, $tie: ID!, $note: String!, $now: String!) {
            updateOrganisations(where: { id: { eq: $org } }, update: { engagements: [{ update: { where: { edge: { id: { eq: $tie } } },
              edge: { note: { set: $note }, updatedAt: { set: $now } } } }] }) { organisations { id } } }`,
          variables: { org: e.from, tie: e.key, note: `bench note ${i}`, now },
        };
      },
      // One query per write: checks, write and history record (bench/cypher/add-engagement, update-engagement).
      floor: async (tx, i) => {
        const now = new Date().toISOString();
        const who = {
          actor: 'key:bench',
          requestId: crypto.randomUUID(),
          changeId: crypto.randomUUID(),
          now,
        };
        if (i % 2 === 0) {
          const n = (adds += 1);
          const since = uniqueDay(n);
          const props = {
            role: 'MEMBER',
            since,
            sinceStart: periodStart(since),
            sourcesJson: '[]',
            updatedAt: now,
            id: crypto.randomUUID(),
            createdAt: now,
            version: 1,
          };
          const [row] = await tx.run('add-engagement', {
            ...who,
            from: org(i).key,
            to: fora[(i * 31) % fora.length].key,
            role: 'MEMBER',
            since,
            props,
            afterJson: JSON.stringify(props),
          });
          return row ? plain(row) : null;
        }
        const e = sample.engagements[i % sample.engagements.length];
        const note = `bench note ${i}`;
        const [row] = await tx.run('update-engagement', {
          ...who,
          key: e.key,
          note,
          afterJson: JSON.stringify({ note, updatedAt: now }),
        });
        return row ? plain(row) : null;
      },
      unchecked: 'writes: each API writes its own tie (new ids), so answers are not compared',
    },
  ];
}

/** Paths as the connections check compares them: lengths in order, and each path's ends. */
function pathsShape(
  paths: Array<{ length: number; nodes: Array<{ type: string; name: string }> }>,
): unknown {
  return paths.map((p) => ({
    length: p.length,
    from: p.nodes[0],
    to: p.nodes[p.nodes.length - 1],
  }));
}

/** A graph as the neighbourhood check compares it: truncated, and the sorted sets of entity and tie ids. */
function graphShape(truncated: boolean, nodes: string[], edges: string[]): unknown {
  return { truncated, nodes: [...new Set(nodes)].sort(), edges: [...new Set(edges)].sort() };
}

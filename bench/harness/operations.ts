/**
 * The questions the benchmark asks, each three ways: through the service's GraphQL API,
 * through the API @neo4j/graphql generates (bench/harness/typedefs.ts), and as the raw
 * Cypher floor (the service's own named queries, in the order the service sends them).
 * Request i picks its ids, slugs or words from the generated network, rotating, so that
 * no single record sits hot in a cache.
 */
import crypto from 'node:crypto';
import type { NetworkSample } from '../../src/bench/generator';
import { periodStart } from '../../src/domain/dates';
import { toGlobalId } from '../../src/domain/ids';
import { EntityType, TIE_TYPES, TieType } from '../../src/domain/model';
import { scoreAllies, SharedRow } from '../../src/domain/network';
import { searchQuery } from '../../src/domain/text';
import { fromNeo4j } from '../../src/graph/convert';
import { ChangeAction, historyRepository } from '../../src/graph/history.repository';
import type { FloorTx, FloorWork } from './floor';

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
  floor: FloorWork;
}

const PAGE = 50;
const TIE_LIST_CAP = 1000;
const NO_PERIOD = { activeStart: null, activeEnd: null };

type Rec = Record<string, unknown>;
const nodeOf = (r: { get(k: string): unknown }) => r.get('node') as Rec;

/** Search words: parts of real names, as an advocate would type them (accents left out, some misspelt). */
export function searchTerms(sample: NetworkSample): string[] {
  const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '');
  const terms: string[] = [];
  sample.organisations.slice(0, 100).forEach((o, j) => {
    const w = o.name.split(' ');
    terms.push(j % 3 === 0 ? `${w[1]} ${w[w.length - 1]}` : w.slice(0, 3).join(' '));
  });
  sample.people.slice(0, 60).forEach((p, j) => terms.push(j % 4 === 0 ? fold(p.name).slice(0, -1) : fold(p.name)));
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
  const other = (i: number) => (i % 2 ? { type: EntityType.Organisation, key: org(i * 7 + 13).key } : { type: EntityType.Person, key: people[(i * 11) % people.length].key });
  let adds = 0;

  const entities = (tx: FloorTx, keys: string[]) => tx.run('entity/get-by-keys', { keys: [...new Set(keys)] });
  const tiesAt = async (tx: FloorTx, keys: string[], direction: 'in' | 'out') => {
    const arrows = direction === 'out' ? { left: '-', right: '->' } : { left: '<-', right: '-' };
    const rows = await tx.run('tie/list', { keys, role: null, ...NO_PERIOD, cap: TIE_LIST_CAP }, { type: TieType.ENGAGES_IN, ...arrows });
    return rows.map((r) => (r.get('ties') as Rec[]).slice(0, PAGE));
  };

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
        const [forum] = await tx.run('entity/get-by-slugs', { slugs: [fora[i % fora.length].slug] }, { label: EntityType.Forum });
        const [ties = []] = await tiesAt(tx, [nodeOf(forum).id as string], 'in');
        await entities(tx, ties.map((t) => t.fromKey as string));
      },
    },
    {
      name: 'organisation-three-levels',
      question: "An organisation, its engagements (50), and each forum's engagements (50) with their actors",
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
        const [o] = await tx.run('entity/get-by-slugs', { slugs: [org(i).slug] }, { label: EntityType.Organisation });
        const [own = []] = await tiesAt(tx, [nodeOf(o).id as string], 'out');
        const foraKeys = own.map((t) => t.toKey as string);
        await entities(tx, foraKeys);
        const theirs = foraKeys.length ? await tiesAt(tx, [...new Set(foraKeys)], 'in') : [];
        await entities(tx, theirs.flat().map((t) => t.fromKey as string));
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
        await tx.run('search/fulltext', { query: searchQuery(terms[i % terms.length]), types: null, limit: 10, fetch: 10 });
      },
    },
    {
      name: 'allies',
      question: 'The 10 best allies of an organisation (weighted Adamic-Adar over shared fora and events)',
      mode: 'READ',
      ours: (i) => ({ query: `query ($of: ID!) { allies(of: $of) { score organisation { name } } }`, variables: { of: orgId(i) } }),
      alternative: (i) => ({ query: `query ($of: ID!) { allies(of: $of) { name } }`, variables: { of: org(i).key } }),
      floor: async (tx, i) => {
        const of = org(i).key;
        await entities(tx, [of]);
        const filter = { of, forum: null, kinds: null, countries: null, cap: 20_000, ...NO_PERIOD };
        const shared = async (name: string) => (await tx.run(name, filter)).map((r) => fromNeo4j(r.toObject()) as SharedRow);
        const [viaFora, viaEvents] = [await shared('network/allies-fora'), await shared('network/allies-events')];
        await entities(tx, scoreAllies(of, viaFora, viaEvents).slice(0, 10).map((a) => a.ally));
      },
    },
    {
      name: 'connections',
      question: 'Up to 3 shortest paths (at most 4 ties) from an organisation to another organisation or a person',
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
        const from = org(i).key;
        const to = other(i).key;
        await entities(tx, [from, to]);
        const paths = await tx.run('network/paths', { from, to }, { types: TIE_TYPES.join('|'), maxHops: '4', k: '3' });
        await entities(tx, paths.flatMap((p) => p.get('nodes') as string[]));
      },
    },
    {
      name: 'neighbourhood-depth-2',
      question: 'The graph two ties around an organisation (at most 200 nodes) with the ties among them',
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
        const limit = 200;
        const nodes = new Set([org(i).key]);
        await entities(tx, [org(i).key]);
        let frontier = [org(i).key];
        for (let hop = 0; hop < 2 && frontier.length; hop += 1) {
          const [found] = await tx.run('network/expand', { keys: frontier, known: [...nodes], room: limit - nodes.size, edgeCap: limit * 10 + 1, ...NO_PERIOD }, { types: TIE_TYPES.join('|') });
          frontier = found.get('fresh') as string[];
          for (const k of frontier) nodes.add(k);
          if (found.get('more')) break;
        }
        await entities(tx, [...nodes]);
      },
    },
    {
      name: 'write-mix',
      question: 'Writes, alternating: addEngagement (an organisation joins a forum) and updateEngagement (a note on an engagement)',
      mode: 'WRITE',
      ours: (i) => {
        if (i % 2 === 0) {
          const n = (adds += 1);
          return {
            query: `mutation ($input: EngagementInput!) { addEngagement(input: $input) { id version } }`,
            variables: { input: { from: orgId(i), to: toGlobalId(EntityType.Forum, fora[(i * 31) % fora.length].key), role: 'MEMBER', since: uniqueDay(n) } },
            auth: true,
          };
        }
        const e = sample.engagements[i % sample.engagements.length];
        return {
          query: `mutation ($id: ID!, $input: EngagementPatch!) { updateEngagement(id: $id, input: $input) { id version } }`,
          variables: { id: toGlobalId(TieType.ENGAGES_IN, e.key), input: { note: `bench note ${i}` } },
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
              edge: { id: crypto.randomUUID(), role: 'MEMBER', since, sinceStart: periodStart(since), sourcesJson: '[]', createdAt: now, updatedAt: now, version: 1 },
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
      floor: async (tx, i) => {
        const now = new Date().toISOString();
        const history = (action: ChangeAction, key: string, after: unknown) =>
          historyRepository.record({ run: async (name, params, ph) => (await tx.run(name, params, ph), []) }, { actor: 'key:bench', requestId: crypto.randomUUID() }, [{ action, targetKind: TieType.ENGAGES_IN, targetKey: key, before: null, after }]);
        if (i % 2 === 0) {
          const n = (adds += 1);
          const from = org(i).key;
          const to = fora[(i * 31) % fora.length].key;
          const since = uniqueDay(n);
          await entities(tx, [from, to]);
          await tx.run('tie/find-same', { from, to, role: 'MEMBER', since }, { type: TieType.ENGAGES_IN });
          const props = { role: 'MEMBER', since, sinceStart: periodStart(since), sourcesJson: '[]', updatedAt: now, id: crypto.randomUUID(), createdAt: now, version: 1 };
          await tx.run('tie/create', { from, to, props }, { type: TieType.ENGAGES_IN });
          await history('TIE_ADDED', props.id, props);
          return;
        }
        const e = sample.engagements[i % sample.engagements.length];
        await tx.run('tie/lock-version', { key: e.key }, { type: TieType.ENGAGES_IN });
        await tx.run('tie/get-by-keys', { keys: [e.key] }, { type: TieType.ENGAGES_IN });
        const props = { note: `bench note ${i}`, updatedAt: now };
        await tx.run('tie/update', { key: e.key, props }, { type: TieType.ENGAGES_IN });
        await history('TIE_UPDATED', e.key, props);
      },
    },
  ];
}

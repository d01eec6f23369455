/**
 * A write's input answers every problem at once (issue #14): class-validator's (a source's
 * link, lengths) and the write's own checks that need no database (dates, ends, roles,
 * onBehalfOf) come in one BAD_USER_INPUT whose extensions list each, while one problem alone
 * keeps today's message. Nothing is written (re-checked in the database).
 */
import { useTestApp } from '../helpers/app';
import { Created, codeOf, forum, organisation, person } from '../helpers/fixtures';

const ADD = 'mutation($i: EngagementInput!) { addEngagement(input: $i) { id } }';

describe('every problem of a write at once', () => {
  const app = useTestApp();
  let wemos: Created;
  let coalition: Created;
  let omaswa: Created;

  const ties = async () =>
    Number((await app.cypher('MATCH ()-[r:ENGAGES_IN]->() RETURN count(r) AS n'))[0].n);

  beforeAll(async () => {
    await app.wipe();
    wemos = await organisation(app, 'Wemos');
    coalition = await forum(app, 'Health Workers for All Coalition', { kind: 'COALITION' });
    omaswa = await person(app, 'Francis Omaswa');
  });

  it('reports a bad source link and dates in the wrong order together, each with its own message', async () => {
    const res = await app.gql(ADD, {
      i: {
        from: wemos.id,
        to: coalition.id,
        role: 'HOST',
        since: '2019',
        until: '2018',
        sources: [{ title: 'Minutes', url: 'not a link' }],
      },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors).toHaveLength(1);
    const error = res.body.errors![0];
    expect(error.extensions!.fields).toEqual([
      {
        field: 'sources.0.url',
        problem: 'url must be an http(s) address such as https://example.org/page',
      },
      { field: 'until', problem: 'before since' },
    ]);
    expect(error.extensions!.problems).toEqual([
      {
        message:
          'Invalid input: sources.0.url: url must be an http(s) address such as https://example.org/page.',
        fields: [
          {
            field: 'sources.0.url',
            problem: 'url must be an http(s) address such as https://example.org/page',
          },
        ],
      },
      {
        message: 'until (2018) is before since (2019). A tie cannot end before it starts.',
        fields: [{ field: 'until', problem: 'before since' }],
      },
    ]);
    expect(error.message).toBe(
      'This input has 2 problems; fix them all and send it again. (1) Invalid input: sources.0.url: url must be an http(s) address such as https://example.org/page. (2) until (2018) is before since (2019). A tie cannot end before it starts.',
    );
    expect(await ties()).toBe(0);
  });

  it('reports the write’s own problems together: both ends’ ids and the dates, an entity joined to itself and the dates', async () => {
    const res = await app.gql(ADD, {
      i: { from: 'nope', to: 'nada', role: 'HOST', since: '2019', until: '2018' },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const fields = res.body.errors![0].extensions!.fields as Array<{ field: string }>;
    expect(fields.map((f) => f.field)).toEqual(['from', 'to', 'until']);
    expect(res.body.errors![0].extensions!.problems).toHaveLength(3);
    const self = await app.gql(ADD, {
      i: { from: omaswa.id, to: omaswa.id, since: '2020-05', until: '2020-04' },
    });
    expect(
      (self.body.errors![0].extensions!.fields as Array<{ field: string }>).map((f) => f.field),
    ).toEqual(['to', 'until']);
    expect(self.body.errors![0].message).toContain('cannot join an entity to itself');
    expect(self.body.errors![0].message).toContain('until (2020-04) is before since (2020-05)');
    expect(await ties()).toBe(0);
  });

  it('keeps today’s answer for one problem alone, of either kind', async () => {
    const dates = await app.gql(ADD, {
      i: { from: wemos.id, to: coalition.id, since: '2019', until: '2018' },
    });
    expect(dates.body.errors![0].message).toBe(
      'until (2018) is before since (2019). A tie cannot end before it starts.',
    );
    expect(dates.body.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'until', problem: 'before since' }],
    });
    const link = await app.gql(ADD, {
      i: { from: wemos.id, to: coalition.id, sources: [{ title: 'x', url: 'ftp://x.org' }] },
    });
    expect(link.body.errors![0].message).toBe(
      'Invalid input: sources.0.url: url must be an http(s) address such as https://example.org/page.',
    );
    expect(link.body.errors![0].extensions!.problems).toBeUndefined();
    expect(await ties()).toBe(0);
  });

  it('checks a patch that gives both dates with its source link, and one date against the stored one as before', async () => {
    const added = await app.gql(ADD, {
      i: { from: wemos.id, to: coalition.id, role: 'HOST', since: '2018' },
    });
    const id = added.body.data!.addEngagement.id as string;
    const UPDATE =
      'mutation($id: ID!, $p: EngagementPatch!) { updateEngagement(id: $id, input: $p) { id version } }';
    const both = await app.gql(UPDATE, {
      id,
      p: { since: '2019', until: '2018', sources: [{ title: 'x', url: 'javascript:alert(1)' }] },
    });
    expect(
      (both.body.errors![0].extensions!.fields as Array<{ field: string }>).map((f) => f.field),
    ).toEqual(['sources.0.url', 'until']);
    expect(both.body.errors![0].extensions!.problems).toHaveLength(2);
    const one = await app.gql(UPDATE, { id, p: { until: '2017' } });
    expect(one.body.errors![0].message).toBe(
      'until (2017) is before since (2018). A tie cannot end before it starts.',
    );
    const [stored] = await app.cypher(
      'MATCH ()-[r:ENGAGES_IN]->() RETURN r.since AS since, r.until AS until, r.version AS v',
    );
    expect(stored).toMatchObject({ since: '2018', until: null });
    expect(Number(stored.v)).toBe(1);
  });
  it('reports an entity’s problems together too: a bad source link, a slug that cannot be derived, an event ending before it starts', async () => {
    const CREATE = 'mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }';
    const res = await app.gql(CREATE, {
      i: {
        name: '***',
        startDate: '2019-05',
        endDate: '2019-04',
        sources: [{ title: 'Programme', url: 'not a link' }],
      },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(
      (res.body.errors![0].extensions!.fields as Array<{ field: string }>).map((f) => f.field),
    ).toEqual(['sources.0.url', 'slug', 'endDate']);
    expect(res.body.errors![0].message).toContain(
      'endDate (2019-04) is before startDate (2019-05). Swap them or correct one.',
    );
    // One alone: today's message.
    const one = await app.gql(CREATE, {
      i: { name: 'Summit', startDate: '2019-05', endDate: '2019-04' },
    });
    expect(one.body.errors![0].message).toBe(
      'endDate (2019-04) is before startDate (2019-05). Swap them or correct one.',
    );
    const UPDATE =
      'mutation($id: ID!, $i: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $i) { id } }';
    const update = await app.gql(UPDATE, {
      id: wemos.id,
      i: { slug: 'Not A Slug', sources: [{ title: 'x', url: 'ftp://x.org' }] },
    });
    expect(
      (update.body.errors![0].extensions!.fields as Array<{ field: string }>).map((f) => f.field),
    ).toEqual(['slug', 'sources.0.url']);
    // class-validator refused the slug already: the write's own check of it is not said twice.
    expect(update.body.errors![0].extensions!.problems).toBeUndefined();
    const [row] = await app.cypher(
      'MATCH (n:Entity) WHERE n:Event OR n.slug = "not-a-slug" RETURN count(n) AS n',
    );
    expect(Number(row.n)).toBe(0);
    const [kept] = await app.cypher('MATCH (o:Organisation {name: "Wemos"}) RETURN o.version AS v');
    expect(Number(kept.v)).toBe(1);
  });
});

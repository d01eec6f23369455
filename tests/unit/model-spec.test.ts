/**
 * The model spec (src/domain/spec.ts) is the one place the model is written: every property
 * shows up in the GraphQL type and inputs, the import and the export columns it says; every
 * relation field exists with its tie, direction and role; the schema's limits are the spec's;
 * and a property added to a copy of the spec appears in everything derived from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validate } from 'class-validator';
import {
  GraphQLInputObjectType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLType,
  isNonNullType,
} from 'graphql';
import { InputType, ObjectType } from 'type-graphql';
import { EntityType, TieType, tieEndsAllowed } from '../../src/domain/model';
import { CONTACT_PROPS, ENTITY_PROPS } from '../../src/domain/records';
import {
  COMMON,
  ENTITIES,
  MODEL,
  ModelSpec,
  PAGES,
  PropertySpec,
  QUERY_FIELD_COSTS,
  RELATION_FIELDS,
  TIES,
  entityProps,
  entitySpec,
  exportColumns,
  importColumns,
  popoloColumns,
  restrictedProps,
  tieSpec,
} from '../../src/domain/spec';
import { searchText } from '../../src/domain/text';
import { QueryBook } from '../../src/graph/queries';
import { EntityPatch, addPropertyInputs } from '../../src/resolvers/entities/entity.inputs';
import { addPropertyFields } from '../../src/resolvers/entities/entity.types';
import { RELATIONS } from '../../src/resolvers/entities/relations.resolver';
import { TIE_SPECS } from '../../src/resolvers/ties/tie.specs';
import { createSchema } from '../../src/schema';
import { NODE_COLUMNS } from '../../src/services/export/csv';
import { NODE_ATTRIBUTES } from '../../src/services/export/graph';
import { CSV_FILES, columnsOf } from '../../src/services/import/csv';
import { RowCheck, RowReader, readEntity } from '../../src/services/import/fields';
import { useTestApp } from '../helpers/app';

/** A type as SDL writes it: String, [String!]!, OrganisationKind. */
const typeText = (t: GraphQLType): string => t.toString();

/** What the spec says a property's GraphQL output type is. */
function expectedOutput(p: PropertySpec): string {
  const named =
    p.value === 'enum' ? p.enum!.name : p.value === 'partialDate' ? 'PartialDate' : 'String';
  if (p.value === 'countryList') return p.nullable ? '[String!]' : '[String!]!';
  return p.nullable ? named : `${named}!`;
}
/** Inputs accept null for every property (null clears). */
function expectedInput(p: PropertySpec): string {
  return p.value === 'countryList' ? '[String!]' : expectedOutput({ ...p, nullable: true });
}

function objectType(schema: GraphQLSchema, name: string): GraphQLObjectType {
  const t: GraphQLNamedType | undefined = schema.getType(name);
  if (!(t instanceof GraphQLObjectType)) throw new Error(`${name} is not an object type`);
  return t;
}
function inputType(schema: GraphQLSchema, name: string): GraphQLInputObjectType {
  const t: GraphQLNamedType | undefined = schema.getType(name);
  if (!(t instanceof GraphQLInputObjectType)) throw new Error(`${name} is not an input type`);
  return t;
}

describe('the model spec and what derives from it', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  describe.each(ENTITIES.map((e) => [e.type, e] as const))('%s', (type, e) => {
    it('has every property in its GraphQL type, with the spec type, nullability and description', () => {
      const fields = objectType(schema, type).getFields();
      for (const p of e.properties.filter((x) => !x.contact)) {
        expect([p.name, fields[p.name] && typeText(fields[p.name].type)]).toEqual([
          p.name,
          expectedOutput(p),
        ]);
        expect([p.name, fields[p.name].description ?? undefined]).toEqual([p.name, p.description]);
      }
      expect(
        objectType(schema, type)
          .getInterfaces()
          .map((i) => i.name)
          .sort(),
      ).toEqual(['Entity', 'Node']);
      expect(objectType(schema, type).description).toBe(e.description);
    });

    it('has every property in its create and update inputs', () => {
      for (const input of [`Create${type}Input`, `Update${type}Input`]) {
        const fields = inputType(schema, input).getFields();
        for (const p of e.properties.filter((x) => !x.contact)) {
          expect([input, p.name, fields[p.name] && typeText(fields[p.name].type)]).toEqual([
            input,
            p.name,
            expectedInput(p),
          ]);
          expect([input, p.name, fields[p.name].description ?? undefined]).toEqual([
            input,
            p.name,
            p.inputDescription,
          ]);
        }
        expect(isNonNullType(fields.name.type)).toBe(input.startsWith('Create'));
      }
    });

    it('has its contact details in Person.contact and ContactInput only', () => {
      const contact = e.properties.filter((p) => p.contact);
      for (const p of contact) {
        expect(objectType(schema, 'Contact').getFields()[p.contact!]).toBeDefined();
        expect(inputType(schema, 'ContactInput').getFields()[p.contact!]).toBeDefined();
        expect(objectType(schema, type).getFields()[p.name]).toBeUndefined();
        expect(CONTACT_PROPS.has(p.name)).toBe(true);
      }
      if (contact.length)
        expect(typeText(objectType(schema, type).getFields().contact.type)).toBe('Contact');
    });

    it('has every importable property among its import columns, and ENTITY_PROPS as the spec lists them', () => {
      const columns = columnsOf({ record: 'entity', type });
      for (const p of e.properties) if (p.importColumn) expect(columns).toContain(p.importColumn);
      expect(ENTITY_PROPS[type]).toEqual(e.properties.map((p) => p.name));
    });

    it('has every exported property among the export columns, and no other of its properties', () => {
      for (const p of e.properties) {
        expect([p.name, NODE_COLUMNS.includes(p.name)]).toEqual([p.name, p.exportOrder !== null]);
      }
    });
  });

  it('exports the columns docs/exports.md lists, public properties only, and reads exactly those in Cypher', () => {
    expect(NODE_COLUMNS.join(',')).toBe(
      'id,type,label,slug,acronym,kind,level,title,countries,aliases,website,url,description,startDate,endDate,venue,city,country,adoptedOn',
    );
    expect(NODE_ATTRIBUTES.filter((a) => a.kind === 'list').map((a) => a.name)).toEqual([
      'countries',
      'aliases',
    ]);
    for (const p of CONTACT_PROPS) expect(NODE_COLUMNS).not.toContain(p);
    const cypher = QueryBook.load().get('export/all-entities');
    const projected = /n \{([^}]*)\} AS props/
      .exec(cypher)![1]
      .split(',')
      .map((s) => s.trim());
    expect(projected.sort()).toEqual(['.name', ...NODE_ATTRIBUTES.map((a) => `.${a.name}`)].sort());
  });

  it('names the import files and the Popolo fields from the spec', () => {
    expect(
      Object.fromEntries(Object.entries(CSV_FILES).map(([name, k]) => [name, k.type])),
    ).toEqual({
      organisations: 'Organisation',
      people: 'Person',
      fora: 'Forum',
      events: 'Event',
      instruments: 'Instrument',
      topics: 'Topic',
      affiliations: 'AFFILIATED_WITH',
      memberships: 'MEMBER_OF',
      engagements: 'ENGAGES_IN',
      participations: 'PARTICIPATES_IN',
      'part-of': 'PART_OF',
      adoptions: 'ADOPTED',
      'works-on': 'WORKS_ON',
    });
    expect(popoloColumns()).toEqual({
      aliases: 'other_names',
      contactEmail: 'email',
      contactPhone: 'contact_details',
      startDate: 'start_date',
      endDate: 'end_date',
      slug: 'id',
      identifiers: 'identifiers',
    });
  });

  it('puts in the search text exactly what searchText and the full-text index read', () => {
    const search = [
      ...new Set(ENTITIES.flatMap((e) => e.properties.filter((p) => p.search).map((p) => p.name))),
    ];
    expect(search).toEqual(['acronym']);
    expect(searchText('Name', 'ACR', ['Alias'])).toBe('Name | ACR | Alias');
    const index = fs.readFileSync(
      path.join(__dirname, '../../cypher/migrations/V0002__search_index.cypher'),
      'utf8',
    );
    for (const p of search) expect(index).toContain(`n.${p}`);
    for (const p of CONTACT_PROPS) expect(index).not.toContain(p);
  });

  it('has every tie type of the model once, with its ends, roles and GraphQL face', () => {
    expect(TIES.map((t) => t.type).sort()).toEqual(Object.values(TieType).sort());
    for (const t of TIES) {
      const face = TIE_SPECS.find((s) => s.type === t.type)!;
      expect([face.name, face.from.field, face.to.field, face.onBehalf]).toEqual([
        t.name,
        t.from.field,
        t.to.field,
        t.onBehalfOf,
      ]);
      const fields = objectType(schema, t.name).getFields();
      expect(Object.keys(fields)).toEqual(expect.arrayContaining([t.from.field, t.to.field]));
      const endName = (end: typeof t.from) => (end.union ? end.union.name : end.types[0]);
      expect(typeText(fields[t.from.field].type)).toBe(endName(t.from));
      expect(typeText(fields[t.to.field].type)).toBe(endName(t.to));
      if (t.roles) expect(typeText(fields.role.type)).toBe(t.roles.enum);
      else expect(fields.role).toBeUndefined();
      expect(
        Object.keys(inputType(schema, `${t.name}Patch`).getFields()).includes('onBehalfOf'),
      ).toBe(t.onBehalfOf);
    }
    // The PART_OF narrowing: an event is part of a forum or event, a forum of a forum or organisation.
    expect(tieEndsAllowed(TieType.PART_OF, EntityType.Event, EntityType.Organisation)).toBe(false);
    expect(tieEndsAllowed(TieType.PART_OF, EntityType.Forum, EntityType.Event)).toBe(false);
    expect(tieEndsAllowed(TieType.PART_OF, EntityType.Forum, EntityType.Organisation)).toBe(true);
  });

  it('gives every root field with a page rule the spec default for its size argument', () => {
    const query = schema.getQueryType()!.getFields();
    for (const [field, c] of Object.entries(QUERY_FIELD_COSTS)) {
      if (!c.page) continue;
      const rule = PAGES[c.page];
      const arg = query[field].args.find((a) => a.name === rule.argument);
      expect([field, arg?.defaultValue]).toEqual([field, rule.fallback]);
    }
    for (const list of ['organisations', 'fora', 'history'])
      expect([list, query[list].args.find((a) => a.name === 'first')?.defaultValue]).toEqual([
        list,
        PAGES.list.fallback,
      ]);
  });

  it('has every relation field on its entity type, as its tie type connection, restricted by the role it names', () => {
    expect(RELATIONS.map((r) => [r.entity, r.field, r.tie, r.direction, r.otherType])).toEqual(
      RELATION_FIELDS.map((r) => [r.entity, r.field, r.tie, r.direction, r.otherType]),
    );
    for (const r of RELATION_FIELDS) {
      const field = objectType(schema, r.entity).getFields()[r.field];
      const tie = tieSpec(r.tie);
      expect([r.entity, r.field, field && typeText(field.type)]).toEqual([
        r.entity,
        r.field,
        r.role ? `${tie.name}Connection` : `${tie.name}Connection!`,
      ]);
      // The entity is at the end the direction says.
      expect(tie[r.direction === 'out' ? 'from' : 'to'].types).toContain(r.entity);
      if (r.otherType)
        expect(tie[r.direction === 'out' ? 'to' : 'from'].types).toContain(r.otherType);
      // A relation over a personal tie needs the personal role.
      expect([r.entity, r.field, r.role !== null]).toEqual([r.entity, r.field, tie.personal]);
      expect(typeText(field.args.find((a) => a.name === 'first')!.type)).toBe('Int');
      expect(field.args.find((a) => a.name === 'first')!.defaultValue).toBe(PAGES.list.fallback);
    }
  });
});

describe('the schema enforces the spec limits (over GraphQL)', () => {
  const app = useTestApp();

  const textLimits = ENTITIES.flatMap((e) =>
    e.properties
      .filter((p) => p.value === 'text' && p.maxLength !== undefined)
      .map((p) => [e.type, p.name, p.maxLength!] as const),
  );
  it.each(textLimits)(
    '%s.%s: %i characters pass, one more is BAD_USER_INPUT and writes nothing',
    async (type, prop, max) => {
      const ok = await app.gql(
        `mutation($v: String) { create${type}(input: {name: "Limit ${prop} ok", ${prop}: $v}) { id ${prop} } }`,
        { v: 'x'.repeat(max) },
      );
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data![`create${type}`][prop]).toBe('x'.repeat(max));
      const over = await app.gql(
        `mutation($v: String) { create${type}(input: {name: "Limit ${prop} over", ${prop}: $v}) { id } }`,
        { v: 'x'.repeat(max + 1) },
      );
      expect(over.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const rows = await app.cypher(`MATCH (n:${type} {name: $name}) RETURN count(n) AS n`, {
        name: `Limit ${prop} over`,
      });
      expect(Number(rows[0].n)).toBe(0);
    },
  );

  it('limits the countries list to the spec maxItems', async () => {
    const max = entitySpec(EntityType.Organisation).properties.find(
      (p) => p.name === 'countries',
    )!.maxItems!;
    const over = await app.gql(
      'mutation($c: [String!]) { createOrganisation(input: {name: "Too many countries", countries: $c}) { id } }',
      { c: Array(max + 1).fill('NL') },
    );
    expect(over.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('limits list pages and tie lists to the spec page size', async () => {
    const list = await app.gql(`{ organisations(first: ${PAGES.list.max + 1}) { totalCount } }`);
    expect(list.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ties = await app.gql(
      `{ fora(first: 1) { nodes { engagements(first: ${PAGES.list.max + 1}) { totalCount } } } }`,
    );
    expect(ties.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const search = await app.gql(
      `{ search(text: "a", first: ${PAGES.search.max + 1}) { __typename } }`,
    );
    expect(search.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const hood = await app.gql(
      `{ neighbourhood(id: "x", limit: ${PAGES.neighbourhood.max + 1}) { __typename } }`,
    );
    expect(hood.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fine = await app.gql(`{ organisations(first: ${PAGES.list.max}) { totalCount } }`);
    expect(fine.body.errors).toBeUndefined();
  });

  it('answers each relation field with the tie it names, in its direction', async () => {
    const created = new Map<string, string>();
    const entity = async (type: EntityType, label: string): Promise<string> => {
      const res = await app.gql<Record<string, { id: string }>>(
        `mutation($n: String!) { create${type}(input: {name: $n}) { id } }`,
        { n: `Rel ${label} ${type} ${created.size}` },
      );
      expect(res.body.errors).toBeUndefined();
      const id = res.body.data![`create${type}`].id;
      created.set(`${label}${type}`, id);
      return id;
    };
    for (const r of RELATION_FIELDS) {
      const tie = tieSpec(r.tie);
      const otherEnd = tie[r.direction === 'out' ? 'to' : 'from'].types;
      const others = r.otherType ? [r.otherType] : otherEnd;
      const other = others.find((o) =>
        r.direction === 'out'
          ? tieEndsAllowed(r.tie, r.entity, o)
          : tieEndsAllowed(r.tie, o, r.entity),
      )!;
      const here = await entity(r.entity, r.field);
      const there = await entity(other, `${r.field}-other`);
      const [from, to] = r.direction === 'out' ? [here, there] : [there, here];
      const add = await app.gql<Record<string, { id: string }>>(
        `mutation($f: ID!, $t: ID!) { add${tie.name}(input: {from: $f, to: $t}) { id } }`,
        { f: from, t: to },
      );
      expect([r.entity, r.field, add.body.errors]).toEqual([r.entity, r.field, undefined]);
      const tieId = add.body.data![`add${tie.name}`].id;
      const read = await app.gql(
        `query($id: ID!) { node(id: $id) { ... on ${r.entity} { ${r.field} { totalCount nodes { id } } } } }`,
        { id: here },
      );
      expect([r.entity, r.field, read.body.data?.node?.[r.field]]).toEqual([
        r.entity,
        r.field,
        { totalCount: 1, nodes: [{ id: tieId }] },
      ]);
    }
  });
});

describe('adding a property is one edit in the spec', () => {
  /** The spec with one more Organisation property: public, exported last, importable, in search text. */
  const foundedIn: PropertySpec = {
    name: 'foundedIn',
    value: 'partialDate',
    nullable: true,
    read: 'public',
    search: false,
    importColumn: 'foundedIn',
    exportOrder: 17,
    description: 'When it was founded.',
  };
  const motto: PropertySpec = {
    name: 'motto',
    value: 'text',
    maxLength: 120,
    nullable: true,
    read: 'public',
    search: true,
    importColumn: 'motto',
    exportOrder: 18,
  };
  const extended: ModelSpec = {
    ...MODEL,
    entities: MODEL.entities.map((e) =>
      e.type === EntityType.Organisation
        ? { ...e, properties: [...e.properties, foundedIn, motto] }
        : e,
    ),
  };

  it('appears among the properties, import columns and export columns; not among the restricted ones', () => {
    expect(entityProps(extended).Organisation).toEqual([
      ...ENTITY_PROPS.Organisation,
      'foundedIn',
      'motto',
    ]);
    expect(entityProps(extended).Forum).toEqual(ENTITY_PROPS.Forum);
    expect(importColumns(EntityType.Organisation, extended)).toEqual(
      expect.arrayContaining(['foundedIn', 'motto']),
    );
    expect(exportColumns(extended).map((c) => c.name)).toEqual([
      ...NODE_ATTRIBUTES.map((a) => a.name),
      'foundedIn',
      'motto',
    ]);
    expect([...restrictedProps(extended)].sort()).toEqual([...CONTACT_PROPS].sort());
  });

  it('is read and checked by the importer', () => {
    const row: Record<string, string> = {
      slug: 'new-org',
      name: 'New org',
      foundedIn: '1999-13',
      motto: 'm'.repeat(121),
    };
    const reader: RowReader = { has: (f) => f in row, get: (f) => row[f], column: (f) => f };
    const check = new RowCheck({ file: 'organisations.csv', row: 1 }, reader);
    expect(readEntity(EntityType.Organisation, check, reader, null, extended)).toBeNull();
    expect(check.problems.map((p) => p.column)).toEqual(['foundedIn', 'motto']);
    row.foundedIn = '1999-12';
    row.motto = 'Health for all';
    const ok = new RowCheck({ file: 'organisations.csv', row: 1 }, reader);
    expect(readEntity(EntityType.Organisation, ok, reader, null, extended)?.fields.props).toEqual({
      foundedIn: '1999-12',
      motto: 'Health for all',
    });
  });

  it('becomes a GraphQL field and a validated input field', async () => {
    const props = entitySpec(EntityType.Organisation, extended).properties;
    @ObjectType('SpecCopyOrganisation')
    class Obj {}
    addPropertyFields(Obj, props);
    @InputType('SpecCopyOrganisationInput')
    class Input extends EntityPatch {}
    addPropertyInputs(Input, props);
    const { buildSchema, Query, Resolver, Arg } = await import('type-graphql');
    @Resolver()
    class SpecCopyResolver {
      @Query(() => Obj, { nullable: true })
      specCopy(@Arg('input', () => Input, { nullable: true }) _input?: object): null {
        return null;
      }
    }
    // type-graphql keeps one metadata store: the app's @Authorized fields are in it too, so the copy needs an authChecker.
    const copy = await buildSchema({
      resolvers: [SpecCopyResolver],
      validate: false,
      authChecker: () => true,
    });
    expect(typeText(objectType(copy, 'SpecCopyOrganisation').getFields().foundedIn.type)).toBe(
      'PartialDate',
    );
    expect(objectType(copy, 'SpecCopyOrganisation').getFields().foundedIn.description).toBe(
      'When it was founded.',
    );
    expect(typeText(inputType(copy, 'SpecCopyOrganisationInput').getFields().motto.type)).toBe(
      'String',
    );
    const tooLong = Object.assign(new Input(), { motto: 'm'.repeat(121) });
    expect((await validate(tooLong)).map((e) => e.property)).toEqual(['motto']);
    const fine = Object.assign(new Input(), { motto: 'm'.repeat(120) });
    expect(await validate(fine)).toEqual([]);
    expect(COMMON.nameLength).toBe(300);
  });
});

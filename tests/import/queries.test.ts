import neo4j from 'neo4j-driver';
import { TIE_TYPES } from '../../src/domain/model';
import { QueryBook } from '../../src/graph/queries';
import { parseRef } from '../../src/services/import/fields';
import { csvKindOf, readCsv } from '../../src/services/import/csv';
import { useTestApp } from '../helpers/app';

/**
 * The import's Cypher: planned by the real Neo4j from indexes and constraints only, and
 * the labels and types the writing queries spell out are exactly the model's.
 */
const PLACEHOLDERS: Record<string, Record<string, string>> = {
  'import/create-entities': { label: 'Organisation' },
  'import/create-ties': { type: 'ENGAGES_IN' },
};

describe('import queries', () => {
  const app = useTestApp();
  const book = QueryBook.load();
  const names = book.names().filter((n) => n.startsWith('import/'));

  const operators = (plan: any, out: string[] = []): string[] => {
    out.push(String(plan.operatorType).replace(/@.*$/, ''));
    for (const child of plan.children ?? []) operators(child, out);
    return out;
  };

  it.each(names)('%s starts from an index or constraint', async (name) => {
    const session = app.db.driver.session({
      database: 'neo4j',
      defaultAccessMode: neo4j.session.READ,
    });
    try {
      const result = await session.run(`EXPLAIN ${book.get(name, PLACEHOLDERS[name])}`, {});
      const ops = operators(result.summary.plan);
      expect(ops).not.toContain('AllNodesScan');
      expect(ops).not.toContain('AllRelationshipsScan');
      expect(ops).not.toContain('NodeByLabelScan');
    } finally {
      await session.close();
    }
  });

  it('reads and writes ties only of the types of the model', () => {
    // The writing queries take their label or type from the whitelist ({{label}}, {{type}}); the reading ones list the types.
    expect(() => book.get('import/create-entities')).toThrow(/needs a value for \{\{label\}\}/);
    expect(book.get('import/create-entities', { label: 'Person' })).toContain(
      'CREATE (n:Entity:Person)',
    );
    expect(() => book.get('import/create-ties')).toThrow(/needs a value for \{\{type\}\}/);
    expect(book.get('import/create-ties', { type: 'WORKS_ON' })).toContain(
      '-[r:WORKS_ON {id: row[2]',
    );
    expect(() => book.get('import/create-ties', { type: 'KNOWS' })).toThrow(/not a whitelisted/);
    for (const q of ['import/ties-between', 'import/update-ties']) {
      expect(/\[r:([A-Z_|]+)\]/.exec(book.get(q))![1].split('|').sort()).toEqual(
        [...TIE_TYPES].sort(),
      );
    }
  });
});

describe('reading import files', () => {
  it('tells references apart: typed slug, slug, global id, identifier', () => {
    expect(parseRef('organisation:wemos')).toMatchObject({
      by: 'slug',
      slug: 'wemos',
      type: 'Organisation',
    });
    expect(parseRef('wemos')).toMatchObject({ by: 'slug', slug: 'wemos', type: null });
    expect(
      parseRef('T3JnYW5pc2F0aW9uOjU5NTEwZTlmLTQ1MWItNDZhNS04MzY5LTgxMDBlZDI0NGVmMQ'),
    ).toMatchObject({
      by: 'id',
      type: 'Organisation',
      key: '59510e9f-451b-46a5-8369-8100ed244ef1',
    });
    expect(parseRef('Wikidata: Q42')).toMatchObject({ by: 'identifier', key: 'wikidata:Q42' });
    expect(parseRef('Not A Slug')).toMatch(/neither a slug/);
  });

  it('knows a file by its name', () => {
    expect(csvKindOf('data/2024-engagements.csv')).toEqual({ record: 'tie', type: 'ENGAGES_IN' });
    expect(csvKindOf('works_on.csv')).toEqual({ record: 'tie', type: 'WORKS_ON' });
    expect(csvKindOf('people.csv')).toEqual({ record: 'entity', type: 'Person' });
    expect(csvKindOf('misc.csv')).toBeNull();
  });

  it('parses quoted cells with commas and line breaks, a byte-order mark, and loose header spellings', () => {
    const unit = readCsv(
      'events.csv',
      '\uFEFFSlug,Name,Start Date,DESCRIPTION\nx-y,"Name, with comma",2020-01,"two\nlines"\n',
    );
    expect(unit.problems).toEqual([]);
    expect(unit.rows[0].problems).toEqual([]);
    expect(unit.rows[0].draft).toMatchObject({
      slug: 'x-y',
      fields: {
        name: 'Name, with comma',
        props: { startDate: '2020-01', description: 'two\nlines' },
      },
    });
  });

  it('reports a malformed file as a whole and a short row by its line', () => {
    expect(readCsv('topics.csv', 'slug,name\n"unclosed,x\n').problems[0].reason).toMatch(
      /not valid CSV/,
    );
    const unit = readCsv('topics.csv', 'slug,name,description\na,A\n');
    expect(unit.rows[0].problems).toEqual([
      {
        file: 'topics.csv',
        row: 2,
        column: null,
        reason: expect.stringMatching(/2 cells but the header has 3/),
      },
    ]);
  });
});

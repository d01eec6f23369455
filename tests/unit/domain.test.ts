import { isPartialDate, periodEnd, periodStart, untilBeforeSince } from '../../src/domain/dates';
import { fromGlobalId, toGlobalId } from '../../src/domain/ids';
import { EntityType, TieType, tieEndsAllowed } from '../../src/domain/model';
import {
  aliasKey,
  distinctAliases,
  escapeLucene,
  searchQuery,
  slugify,
  sortName,
} from '../../src/domain/text';

describe('partial dates', () => {
  it('accept years, months and days, and only real ones', () => {
    expect(['2006', '2017-11', '2018-05-20', '2024-02-29'].every(isPartialDate)).toBe(true);
    expect(
      ['06', '2017-13', '2018-02-30', '2023-02-29', '2018-5-2', '2018-05-20T00:00', ''].some(
        isPartialDate,
      ),
    ).toBe(false);
  });

  it('stand for their whole period', () => {
    expect(periodStart('2017')).toBe('2017-01-01');
    expect(periodEnd('2017')).toBe('2017-12-31');
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodStart('2018-05-20')).toBe(periodEnd('2018-05-20'));
  });

  it('compare by period when checking that a tie does not end before it starts', () => {
    expect(untilBeforeSince('2017-06', '2017')).toBe(false);
    expect(untilBeforeSince('2017-06', '2016')).toBe(true);
    expect(untilBeforeSince('2018-05-20', '2018-05-19')).toBe(true);
    expect(untilBeforeSince(null, '2000')).toBe(false);
  });
});

describe('global ids', () => {
  it('round-trip and reject what is not ours', () => {
    const key = '0b0f6a4e-8b53-4a5e-9d1e-2f3a4b5c6d7e';
    expect(fromGlobalId(toGlobalId(EntityType.Forum, key))).toEqual({ kind: 'Forum', key });
    expect(fromGlobalId(toGlobalId(TieType.ENGAGES_IN, key))).toEqual({ kind: 'ENGAGES_IN', key });
    expect(fromGlobalId('not-an-id')).toBeNull();
    expect(fromGlobalId(Buffer.from(`Migration:${key}`).toString('base64url'))).toBeNull();
  });
});

describe('text', () => {
  it('derives slugs and sort names with accents folded', () => {
    expect(slugify('Médecins Sans Frontières (MSF)')).toBe('medecins-sans-frontieres-msf');
    expect(slugify('Mariëlle Bemelmans')).toBe('marielle-bemelmans');
    expect(slugify('!!!')).toBe('');
    expect(sortName('  Mariëlle   Bemelmans ')).toBe('marielle bemelmans');
  });

  it('escapes every Lucene special character', () => {
    expect(escapeLucene('a+b-c&&d||e!f(g)h{i}j[k]l^m"n~o*p?q:r\\s/t')).toBe(
      'a\\+b\\-c\\&\\&d\\|\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\"n\\~o\\*p\\?q\\:r\\\\s\\/t',
    );
  });

  it('builds a query in which user text is only ever terms', () => {
    expect(searchQuery('MSF')).toBe('(msf^4 OR msf*^2)');
    expect(searchQuery('Jorge Cardenas')).toBe(
      '(jorge^4 OR jorge*^2 OR jorge~1) AND (cardenas^4 OR cardenas*^2 OR cardenas~2)',
    );
    expect(searchQuery('"} OR 1=1 //')).toBe('(1^4 OR 1*^2) AND (1^4 OR 1*^2)');
    expect(searchQuery('Code of Practice')).toBe(
      '(code^4 OR code*^2 OR code~1) AND (practice^4 OR practice*^2 OR practice~2)',
    );
    expect(searchQuery('the')).toBe('(the^4 OR the*^2)');
    expect(searchQuery('  ***  ')).toBeNull();
  });
});

describe('aliases', () => {
  it('keeps each spelling once: case, spacing and Unicode form folded, accents kept, the name left out', () => {
    const decomposed = 'Ålands Framtid'.normalize('NFD');
    expect(aliasKey(decomposed)).toBe(aliasKey('ÅLANDS  framtid'));
    expect(
      distinctAliases(
        [
          'Alands Framtid',
          decomposed,
          ' ålands   FRAMTID ',
          'Ålands Framtid',
          'Future of Åland',
          'future of åland',
          'Ｆｕｔｕｒｅ ｏｆ Åland',
          'Åland Future',
        ],
        'Åland Future',
      ),
    ).toEqual(['Alands Framtid', 'Ålands Framtid', 'Future of Åland']);
    expect(distinctAliases(['', '  '], null)).toEqual([]);
  });
});

describe('tie ends', () => {
  it('follow the model', () => {
    expect(tieEndsAllowed(TieType.ENGAGES_IN, EntityType.Person, EntityType.Forum)).toBe(true);
    expect(tieEndsAllowed(TieType.ENGAGES_IN, EntityType.Forum, EntityType.Forum)).toBe(false);
    expect(tieEndsAllowed(TieType.PART_OF, EntityType.Event, EntityType.Event)).toBe(true);
    expect(tieEndsAllowed(TieType.PART_OF, EntityType.Event, EntityType.Organisation)).toBe(false);
    expect(tieEndsAllowed(TieType.PART_OF, EntityType.Forum, EntityType.Organisation)).toBe(true);
    expect(tieEndsAllowed(TieType.PART_OF, EntityType.Forum, EntityType.Event)).toBe(false);
  });
});

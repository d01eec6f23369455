/**
 * People's data: everything held about one person, for a subject access request; and
 * erasure, which removes the person, their ties and identifiers, and blanks what history
 * kept of them, leaving only the record that an erasure happened (who, when).
 */
import { EntityType } from '../domain/model';
import { entitySpec } from '../domain/spec';
import { notFound } from '../errors';
import type { Database, QueryMeter } from '../graph/database';
import { entityRepository } from '../graph/entity.repository';
import { ChangeRecord, ChangeSource, historyRepository } from '../graph/history.repository';
import { mergeRepository } from '../graph/merge.repository';
import type { Loaders } from '../loaders';
import { entityRef, lockWritable, readEntityIn } from './entity-ids';

export class PrivacyService {
  constructor(
    private readonly db: Database,
    private readonly loaders: Loaders,
    private readonly meter: QueryMeter,
    private readonly source: ChangeSource,
  ) {}

  /** Everything about a person: the record with contact details, identifiers, ties, and their history. */
  async exportPerson(id: string): Promise<Record<string, unknown>> {
    const ref = entityRef(id, EntityType.Person);
    return this.db.read(async (tx) => {
      // A read: a merged-away person's id answers the person that absorbed their record.
      const person = await readEntityIn(tx, ref);
      if (!person) throw notFound(EntityType.Person, id);
      const key = person.key;
      const ties = await tx.run('privacy/person-ties', { key });
      // Their history, that of any record merged into them (it was about the same person), and
      // that of every tie either had, removed ones too, newest first.
      const history: ChangeRecord[] = [];
      for (const k of [key, ...(await mergeRepository.mergedInto(tx, key))]) {
        history.push(...(await historyRepository.forTarget(tx, k, 1000, null)));
        history.push(...(await historyRepository.forEnd(tx, k, 1000)));
      }
      history.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
      // Contact details under `contact`, by the model spec's field names (email, phone).
      const { key: _k, ...rest } = person;
      const contact: Record<string, unknown> = {};
      for (const p of entitySpec(EntityType.Person).properties.filter((x) => x.contact)) {
        contact[p.contact!] = rest[p.name] ?? null;
        delete rest[p.name];
      }
      return {
        exportedAt: new Date().toISOString(),
        person: { ...rest, contact },
        ties: ties.map((t) => {
          const {
            sourcesJson,
            sinceStart: _s,
            untilEnd: _u,
            onBehalfOf: _b,
            // The page keys (tie/_page-keys) are the service's own index entries, not data held about the person.
            pageFrom: _pf,
            pageTo: _pt,
            ...rel
          } = t.rel as Record<string, unknown>;
          return {
            type: t.type,
            direction: t.outgoing ? 'out' : 'in',
            other: { type: t.otherType, name: t.otherName },
            ...rel,
            sources: sourcesJson ? (JSON.parse(sourcesJson as string) as unknown) : [],
          };
        }),
        history: history.map(({ targetKey: _t, fromKey: _f, toKey: _o, ...c }) => c),
      };
    }, this.meter);
  }

  async erasePerson(id: string): Promise<{ id: string; removedTies: number }> {
    const ref = entityRef(id, EntityType.Person);
    const { key } = ref;
    const removedTies = await this.db.write(async (tx) => {
      await lockWritable(tx, ref);
      const [before] = await entityRepository.getByKeys(tx, [key]);
      const [row] = await tx.run('privacy/erase-person', {
        key,
        mergedKeys: await mergeRepository.mergedInto(tx, key),
      });
      // Only that an erasure happened is kept: not the name, not the data.
      await historyRepository.record(tx, this.source, [
        {
          action: 'ERASE',
          targetKind: EntityType.Person,
          targetKey: key,
          before: { erased: true, version: before.version },
          after: null,
          note: null,
        },
      ]);
      return row.ties as number;
    }, this.meter);
    this.loaders.entity.clear(key);
    this.loaders.ties.clearAll();
    return { id, removedTies };
  }
}

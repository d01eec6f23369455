/**
 * The Cypher of the service: every .cypher file under cypher/queries, read once at
 * start and addressed by its path ("entity/get-by-ids"). Values always travel as
 * parameters ($name); the only text ever substituted is a {{placeholder}} for a label
 * or relationship type, and only with names from the whitelist in src/domain/model.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths';
import { isWhitelistedName } from '../domain/model';
import { exportColumns } from '../domain/spec';

const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Fragments made from the model spec, filled into {{@name}}: never from a caller, only from
 * the spec's property names (each checked to be a plain identifier).
 */
export function specFragments(): Readonly<Record<string, string>> {
  const names = ['name', ...exportColumns().map((c) => c.name)];
  for (const n of names)
    if (!PROPERTY_NAME.test(n))
      throw new Error(`"${n}" is not a property name the model spec may export`);
  return { exportProps: names.map((n) => `.${n}`).join(', ') };
}

export type Placeholders = Record<string, string>;

export class QueryBook {
  private readonly rendered = new Map<string, string>();

  private readonly fragments = specFragments();

  private constructor(private readonly files: ReadonlyMap<string, string>) {}

  static load(dir = path.join(projectRoot(), 'cypher', 'queries')): QueryBook {
    const files = new Map<string, string>();
    const walk = (d: string) => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.cypher')) {
          const name = path
            .relative(dir, full)
            .replace(/\\/g, '/')
            .replace(/\.cypher$/, '');
          files.set(name, fs.readFileSync(full, 'utf8'));
        }
      }
    };
    walk(dir);
    return new QueryBook(files);
  }

  names(): string[] {
    return [...this.files.keys()].sort();
  }

  /** A shared fragment (a file whose name starts with "_") as it is included: comments dropped. */
  fragment(name: string): string {
    const body = this.files.get(name);
    if (body === undefined || !name.split('/').pop()!.startsWith('_'))
      throw new Error(`No Cypher fragment named "${name}" in cypher/queries`);
    return body.replace(/^\/\/.*$/gm, '').trim();
  }

  /** The text of a named query, with {{placeholders}} filled from the whitelist. */
  get(name: string, placeholders: Placeholders = {}): string {
    const key = Object.keys(placeholders).length ? `${name}|${JSON.stringify(placeholders)}` : name;
    const cached = this.rendered.get(key);
    if (cached) return cached;
    const text = this.files.get(name);
    if (text === undefined) throw new Error(`No Cypher query named "${name}" in cypher/queries`);
    // {{> name}} includes the shared fragment cypher/queries/name.cypher (e.g. one filter used by a page and its count).
    const withPartials = text.replace(/\{\{>\s*([\w/-]+)\s*\}\}/g, (_m, partial: string) => {
      const body = this.files.get(partial);
      if (body === undefined)
        throw new Error(`Query "${name}" includes "${partial}", which does not exist`);
      return body.replace(/^\/\/.*$/gm, '').trim();
    });
    // {{@name}}: a fragment made from the model spec (e.g. the exported properties).
    const withSpec = withPartials.replace(/\{\{@(\w+)\}\}/g, (_m, f: string) => {
      const fragment = this.fragments[f];
      if (fragment === undefined)
        throw new Error(`Query "${name}" asks for {{@${f}}}, which the model spec does not make`);
      return fragment;
    });
    const out = withSpec.replace(/\{\{(\w+|[<>-]{1,2})\}\}/g, (_m, p: string) => {
      const value = placeholders[p];
      if (value === undefined) throw new Error(`Query "${name}" needs a value for {{${p}}}`);
      // A value may list relationship types (A|B) or be a small bound (1..99) that Cypher needs as a literal.
      if (!/^\d{1,2}$/.test(value) && !value.split('|').every(isWhitelistedName)) {
        throw new Error(`"${value}" is not a whitelisted label, relationship type or bound`);
      }
      return value;
    });
    this.rendered.set(key, out);
    return out;
  }
}

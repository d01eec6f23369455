import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, parseConfig } from '../../src/config';
import { projectRoot } from '../../src/paths';

describe('configuration', () => {
  it('has working defaults: local Neo4j, port 4000', () => {
    const c = parseConfig({});
    expect(c.port).toBe(4000);
    expect(c.neo4j.uri).toBeUndefined();
    expect(c.neo4j.database).toBe('neo4j');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reports every problem at once, naming the variable and the fix', () => {
    let caught: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        NEO4J_URI: 'http://db:7474',
        LOCAL_NEO4J_HEAP: 'lots',
        NODE_ENV: 'staging',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/NEO4J_URI must look like bolt:\/\/host:7687/);
    expect(problems).toMatch(/LOCAL_NEO4J_HEAP must be a size/);
    expect(problems).toMatch(/NODE_ENV/);
    expect(problems).toMatch(/NEO4J_PASSWORD is required when NEO4J_URI/);
  });

  it('makes the real entry point print the problems and exit with status 2', () => {
    const r = spawnSync(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'main.js')], {
      env: { PATH: process.env.PATH, PORT: '99999', NEO4J_URI: 'bolt://127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Invalid configuration');
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('NEO4J_PASSWORD is required');
  });
});

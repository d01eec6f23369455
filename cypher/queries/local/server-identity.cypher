// What a Neo4j server says about itself: the data folder it keeps its stores in, and the
// Bolt address it listens on. The local launcher (src/graph/local-neo4j.ts) compares the
// folder with its own home before it reuses a running server: no other Neo4j can serve
// that folder, since Neo4j locks its store. Runs on any database; reads no graph data.
SHOW SETTINGS YIELD name, value
WHERE name IN ['server.directories.data', 'server.bolt.listen_address']
RETURN name, value

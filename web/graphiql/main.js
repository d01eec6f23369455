/* global document, fetch, sessionStorage, Worker */
/**
 * GraphiQL for developers at /graphiql (docs/explorer.md), bundled from the graphiql package
 * so it works offline, unlike Apollo's CDN-loaded landing page. Its own bundle, outside the
 * explorer's budget. Monaco's workers are bundled beside it (scripts/build-web.js). The API
 * key the explorer keeps for this tab is sent unless the headers editor sets Authorization.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';

globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const name = label === 'json' || label === 'graphql' ? label : 'editor';
    return new Worker(`/assets/graphiql/${name}.worker.js`);
  },
};

const KEY = 'stakeholder-graph.api-key';

async function fetcher(params, options) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const given = (options && options.headers) || {};
  const key = sessionStorage.getItem(KEY);
  if (key && !Object.keys(given).some((h) => h.toLowerCase() === 'authorization'))
    headers.authorization = `Bearer ${key}`;
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { ...headers, ...given },
    body: JSON.stringify(params),
  });
  return res.json();
}

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery: '{ serviceInfo { name version } }\n' }),
);

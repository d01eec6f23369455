/** The export formats: the name the CLI takes, the path HTTP serves, the media type, and the writer. */
import { writeEdgesCsv, writeNodesCsv } from './csv';
import { writeCytoscape } from './cytoscape';
import { writeGexf } from './gexf';
import { writeGraphml } from './graphml';
import type { ExportGraph } from './graph';

export interface ExportFormat {
  /** The CLI's --format value. */
  name: string;
  /** The file name, which is also the path under /export. */
  fileName: string;
  contentType: string;
  write(graph: ExportGraph): string;
}

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    name: 'gexf',
    fileName: 'graph.gexf',
    contentType: 'application/gexf+xml; charset=utf-8',
    write: (g) => writeGexf(g),
  },
  {
    name: 'graphml',
    fileName: 'graph.graphml',
    contentType: 'application/graphml+xml; charset=utf-8',
    write: writeGraphml,
  },
  {
    name: 'cytoscape',
    fileName: 'graph.cytoscape.json',
    contentType: 'application/json; charset=utf-8',
    write: writeCytoscape,
  },
  {
    name: 'nodes-csv',
    fileName: 'nodes.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    write: writeNodesCsv,
  },
  {
    name: 'edges-csv',
    fileName: 'edges.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    write: writeEdgesCsv,
  },
];

export function exportFormat(name: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.name === name);
}

import { MAX_FEED_ITEMS, parseXmlFeed } from '../main/monitor/sources/xml-feed.js';
import { readXmlTree } from '../main/monitor/sources/xml-tree.js';
import { formatMs, summarize } from './measure.js';

/**
 * Where a large feed's time goes, measured rather than guessed: xml-feed.ts reads the document
 * with xml-tree.ts (one pass that both refuses a malformed or cut-off document and builds the
 * element tree), dates every entry to find the newest MAX_FEED_ITEMS and converts only those, and
 * the source then judges the entries. The three are timed in turn in one loop, so machine noise
 * falls on all of them alike.
 */
export async function feedBreakdown(text: string, read: () => unknown, runs: number): Promise<string> {
  const tree = (): unknown => readXmlTree(text);
  const parse = (): unknown => parseXmlFeed(text);
  const samples = { tree: [] as number[], parse: [] as number[], read: [] as number[] };
  for (let run = 0; run < runs; run++) {
    for (const [name, task] of [
      ['tree', tree],
      ['parse', parse],
      ['read', read],
    ] as const) {
      const started = performance.now();
      await task();
      samples[name].push(performance.now() - started);
    }
  }
  const [treeMs, parsing, reading] = [samples.tree, samples.parse, samples.read].map(
    (list) => summarize(list).median,
  );
  return (
    `Where the feed's time goes (medians of ${runs}, timed in turn): the whole read ` +
    `${formatMs(reading ?? 0)}; of it, parseXmlFeed ${formatMs(parsing ?? 0)}, which includes ` +
    `${formatMs(treeMs ?? 0)} of readXmlTree (one pass that checks the XML is well-formed and builds ` +
    `its tree), then dating every entry and converting the newest ${MAX_FEED_ITEMS}; the rest is ` +
    `judging those entries.`
  );
}

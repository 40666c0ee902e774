import { XMLValidator } from 'fast-xml-parser';
import { parseXmlFeed } from '../main/monitor/sources/xml-feed.js';
import { formatMs, summarize } from './measure.js';

/**
 * Where a large feed's time goes, measured rather than guessed: xml-feed.ts validates the
 * document in a pass of its own before parsing it (fast-xml-parser's parser accepts a cut-off
 * document silently), converts every entry although at most MAX_FEED_ITEMS are kept, and the
 * source then judges the entries. The three steps are timed in turn in one loop, so machine
 * noise falls on all of them alike.
 */
export async function feedBreakdown(text: string, read: () => unknown, runs: number): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the same call xml-feed.ts makes
  const validate = (): unknown => XMLValidator.validate(text);
  const parse = (): unknown => parseXmlFeed(text);
  const samples = { validate: [] as number[], parse: [] as number[], read: [] as number[] };
  for (let run = 0; run < runs; run++) {
    for (const [name, task] of [
      ['validate', validate],
      ['parse', parse],
      ['read', read],
    ] as const) {
      const started = performance.now();
      await task();
      samples[name].push(performance.now() - started);
    }
  }
  const [validation, parsing, reading] = [samples.validate, samples.parse, samples.read].map(
    (list) => summarize(list).median,
  );
  return (
    `Where the feed's time goes (medians of ${runs}, timed in turn): the whole read ` +
    `${formatMs(reading ?? 0)}; of it, parseXmlFeed ${formatMs(parsing ?? 0)}, which includes ` +
    `${formatMs(validation ?? 0)} of XMLValidator.validate (a separate pass over the document before ` +
    `fast-xml-parser parses it) and the conversion of every entry; the rest is judging the entries.`
  );
}

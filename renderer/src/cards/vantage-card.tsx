import type { SourceSnapshot } from '../../../main/shared/snapshot.js';
import { regionName } from '../format.js';
import { SourceHead } from './source-head.js';

const FINDINGS = {
  everyone: 'Down for everyone: other networks cannot reach it either',
  'just-here': 'Just you: other networks reach it',
  mixed: 'Mixed: some networks reach it, some do not',
} as const;

/** Probes from other networks ("down for everyone, or just me?"), asked when a probe fails. */
export function VantageCard({ source }: { source: SourceSnapshot }) {
  const vantage = source.vantage;
  return (
    <section class="card" aria-label={`Other networks: ${source.label}`}>
      <SourceHead source={source} />
      {vantage ? (
        <>
          <p>
            <strong>{FINDINGS[vantage.finding]}</strong>
          </p>
          <p class="small">
            {vantage.probes - vantage.failing} of {vantage.probes} probes reached it · {vantage.provider}
          </p>
          <ul class="plain small">
            {vantage.locations.map((location, index) => (
              <li key={index}>
                {location.ok ? '✓' : '✗'} {location.city ? `${location.city}, ` : ''}
                {regionName(location.country)}
                {location.network ? ` (${location.network})` : ''}: {location.detail}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

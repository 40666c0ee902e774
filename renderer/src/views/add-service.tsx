import { useEffect, useState } from 'preact/hooks';
import type { DetectResult } from '../../../main/monitor/detect.js';
import type { CatalogHit } from '../../../main/shared/ipc.js';
import { api, errorText } from '../api.js';
import { listKeyHandler } from '../list-keys.js';
import { proposeService } from '../proposal.js';
import { draftFromService, emptySource } from '../service-draft.js';
import { ServiceEditor } from '../service-editor.js';
import { navigate, snapshot } from '../store.js';
import { Header } from './header.js';

type Mode =
  { readonly kind: 'catalog' } | { readonly kind: 'custom'; readonly service: unknown; readonly key: number };

/**
 * Three ways to add a service: find it in the catalog and add it in one click; paste any URL and
 * let auto-detect propose its sources; or write the sources by hand. The last two open the editor.
 */
export function AddService() {
  const [mode, setMode] = useState<Mode>({ kind: 'catalog' });
  return (
    <main class="view" aria-labelledby="add-title">
      <Header title="Add a service" back />
      <div class="scroll">
        <h2 id="add-title" class="visually-hidden">
          Add a service
        </h2>
        {mode.kind === 'catalog' ? (
          <>
            <CatalogSearch />
            <DetectByUrl onPropose={(service) => setMode({ kind: 'custom', service, key: Date.now() })} />
            <p>
              <button
                type="button"
                class="link-button"
                onClick={() =>
                  setMode({ kind: 'custom', service: { sources: [emptySource()] }, key: Date.now() })
                }
              >
                Or write its sources by hand
              </button>
            </p>
          </>
        ) : (
          <>
            <p>
              <button type="button" class="link-button" onClick={() => setMode({ kind: 'catalog' })}>
                ‹ Back to the catalog
              </button>
            </p>
            <ServiceEditor
              key={mode.key}
              initial={draftFromService(mode.service)}
              submitLabel="Add service"
              onSubmit={async (service) => {
                const result = await api.settingsEdit({ kind: 'add-service', service });
                if (result.ok) navigate({ view: 'service', id: String(service.id) });
                return result;
              }}
            />
          </>
        )}
      </div>
    </main>
  );
}

function CatalogSearch() {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<readonly CatalogHit[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [added, setAdded] = useState<ReadonlySet<string>>(new Set());
  const watched = new Set(snapshot.value?.services.map((service) => service.id));

  useEffect(() => {
    let current = true;
    api.catalogSearch(query).then(
      (result) => {
        if (current) setHits(result);
      },
      (error: unknown) => {
        if (current) setProblem(errorText(error));
      },
    );
    return () => {
      current = false;
    };
  }, [query]);

  const add = (hit: CatalogHit): void => {
    setProblem(undefined);
    api.catalogAdd(hit.id).then(
      (result) => {
        if (result.ok) setAdded(new Set(added).add(hit.id));
        else setProblem(result.issues.map((issue) => issue.message).join('; '));
      },
      (error: unknown) => setProblem(errorText(error)),
    );
  };

  return (
    <section aria-labelledby="catalog-title">
      <h3 id="catalog-title">From the catalog</h3>
      <input
        class="search"
        type="search"
        placeholder="Search by name, alias or category"
        aria-label="Search the catalog"
        aria-controls="catalog-results"
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      {problem ? (
        <p class="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {hits === undefined ? (
        <p class="muted small" aria-busy="true">
          Loading the catalog…
        </p>
      ) : hits.length === 0 ? (
        <p class="muted small">Nothing in the catalog matches “{query}”. Try its address below.</p>
      ) : (
        <ul
          id="catalog-results"
          class="catalog"
          aria-label="Catalog results"
          onKeyDown={listKeyHandler('.catalog-add')}
        >
          {hits.slice(0, 50).map((hit) => {
            const isWatched = watched.has(hit.id) || added.has(hit.id);
            return (
              <li key={hit.id} class="catalog-hit">
                <span class="catalog-name">{hit.name}</span>
                <span class="muted small">
                  {hit.categoryLabel} · {hit.statusTitle}
                </span>
                <button
                  type="button"
                  class="button catalog-add"
                  disabled={isWatched}
                  aria-label={isWatched ? `${hit.name} is watched` : `Add ${hit.name}`}
                  onClick={() => add(hit)}
                >
                  {isWatched ? 'Added' : 'Add'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function DetectByUrl({ onPropose }: { onPropose: (service: unknown) => void }) {
  const [url, setUrl] = useState('');
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'busy' }
    | { kind: 'error'; message: string }
    | { kind: 'none'; result: DetectResult }
  >({ kind: 'idle' });
  const detect = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (url.trim() === '') {
      setState({ kind: 'error', message: 'Type the address of the service or of its status page.' });
      return;
    }
    setState({ kind: 'busy' });
    try {
      const result = await api.servicesDetect(url.trim());
      if (result.matches.length === 0 && !result.probe) setState({ kind: 'none', result });
      else onPropose(proposeService(result));
    } catch (error) {
      setState({ kind: 'error', message: errorText(error) });
    }
  };
  return (
    <section aria-labelledby="detect-title">
      <h3 id="detect-title">By its address</h3>
      <form class="inline-form" onSubmit={(event) => void detect(event)} noValidate>
        <input
          type="text"
          inputMode="url"
          placeholder="example.com or status.example.com"
          aria-label="Address of the service or its status page"
          aria-invalid={state.kind === 'error'}
          aria-describedby="detect-message"
          value={url}
          onInput={(event) => setUrl(event.currentTarget.value)}
        />
        <button type="submit" class="button" disabled={state.kind === 'busy'}>
          {state.kind === 'busy' ? 'Looking…' : 'Detect'}
        </button>
      </form>
      <p
        id="detect-message"
        class={state.kind === 'error' ? 'field-error' : 'muted small'}
        role={state.kind === 'error' ? 'alert' : undefined}
      >
        {state.kind === 'error'
          ? state.message
          : state.kind === 'none'
            ? `No status page format found at ${state.result.candidates.join(', ')}.`
            : 'Downwatch looks for a status page it can read, and proposes a probe of the address itself.'}
      </p>
    </section>
  );
}

import { useEffect } from 'preact/hooks';
import { api } from './api.js';
import { announcement, navigate, route } from './store.js';
import { Overview } from './views/overview.js';
import { ServiceDetail } from './views/service-detail.js';
import { AddService } from './views/add-service.js';
import { EditService } from './views/edit-service.js';
import { SettingsView } from './views/settings/settings-view.js';

/** One view at a time, chosen by the route. Escape goes back a step, and on the overview hides the window. */
export function App() {
  const current = route.value;

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      if (route.value.view === 'overview') void api.windowHide().catch(() => undefined);
      else
        navigate(
          route.value.view === 'edit' ? { view: 'service', id: route.value.id } : { view: 'overview' },
        );
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div class="shell">
      {current.view === 'overview' ? <Overview /> : null}
      {current.view === 'service' ? <ServiceDetail id={current.id} /> : null}
      {current.view === 'add' ? <AddService /> : null}
      {current.view === 'edit' ? <EditService id={current.id} /> : null}
      {current.view === 'settings' ? <SettingsView /> : null}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement.value}
      </div>
    </div>
  );
}

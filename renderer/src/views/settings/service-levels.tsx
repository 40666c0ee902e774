import type { AlertLevel, AlertSettings } from '../../../../main/monitor/alerts/alert-settings.js';
import { orderedServices } from '../../store.js';
import { LEVEL_WORDS } from './level-words.js';

const LEVELS = Object.keys(LEVEL_WORDS) as AlertLevel[];

export function ServiceLevels({
  alerts,
  onChange,
}: {
  alerts: AlertSettings;
  onChange: (serviceId: string, level: AlertLevel) => void;
}) {
  const services = orderedServices.value;
  if (services.length === 0) return null;
  return (
    <section aria-labelledby="levels-title">
      <h3 id="levels-title">Notify me of</h3>
      <ul class="plain levels">
        {[...services]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((service) => (
            <li key={service.id}>
              <label class="field-inline">
                <span class="level-name">{service.name}</span>
                <select
                  value={Object.hasOwn(alerts.levels, service.id) ? alerts.levels[service.id] : 'all'}
                  onChange={(event) => onChange(service.id, event.currentTarget.value as AlertLevel)}
                >
                  {LEVELS.map((level) => (
                    <option key={level} value={level}>
                      {LEVEL_WORDS[level]}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          ))}
      </ul>
    </section>
  );
}

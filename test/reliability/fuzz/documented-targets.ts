import type { FuzzTarget } from './fuzz-target.js';
import { incidentio, instatus } from './target-builders.js';

/**
 * Every file in test/fixtures/documented/ (payloads built from providers' documented schemas
 * where no real capture exists) and the source that reads it: incident.io and Instatus have no
 * real fixture, and their parsers deserve the same fuzzing. The coverage test checks this table
 * against the folder as it does the real one.
 */

const base = (fixture: string, now: string) => ({ fixture, now: Date.parse(now), documented: true });

export const DOCUMENTED_TARGETS: Readonly<Record<string, readonly FuzzTarget[]>> = {
  'incidentio-page-data-summary.json': [
    incidentio(base('incidentio-page-data-summary.json', '2024-05-14T10:00:00Z'), 'page data'),
  ],
  'incidentio-widget-all-clear.json': [
    incidentio(base('incidentio-widget-all-clear.json', '2024-05-14T10:00:00Z'), 'widget'),
  ],
  'incidentio-widget-incidents.json': [
    incidentio(base('incidentio-widget-incidents.json', '2024-05-14T10:00:00Z'), 'widget'),
  ],
  'incidentio-widget-maintenance.json': [
    incidentio(base('incidentio-widget-maintenance.json', '2024-05-20T23:00:00Z'), 'widget'),
  ],
  'instatus-components-nested.json': [
    instatus(base('instatus-components-nested.json', '2024-05-14T10:00:00Z'), 'components v2'),
  ],
  'instatus-components-v3.json': [
    instatus(base('instatus-components-v3.json', '2024-05-14T10:00:00Z'), 'components v3'),
  ],
  'instatus-summary-docs-example.json': [
    instatus(base('instatus-summary-docs-example.json', '2024-05-14T10:00:00Z'), 'summary'),
  ],
  'instatus-summary-incidents.json': [
    instatus(base('instatus-summary-incidents.json', '2024-05-14T10:00:00Z'), 'summary'),
  ],
  'instatus-summary-maintenance.json': [
    instatus(base('instatus-summary-maintenance.json', '2024-05-14T10:00:00Z'), 'summary'),
  ],
  'instatus-summary-up.json': [instatus(base('instatus-summary-up.json', '2024-05-14T10:00:00Z'), 'summary')],
};

import type { Handler, Route } from './http-server.js';
import { realFixture } from './fixtures.js';

/**
 * Globalping's create-and-poll API as routes under `/gp`, answering with the real example
 * measurement (one probe in Seoul that reaches the target). `onCreate` counts the questions.
 */
export function globalpingRoutes(onCreate: () => void): Record<string, Route | Handler> {
  return {
    '/gp/measurements': (_req, res) => {
      onCreate();
      res
        .writeHead(202, { 'content-type': 'application/json' })
        .end(realFixture('globalping/createMeasurementResponse.json'));
    },
    '/gp/measurements/PY5fMsREMmIq45VR': {
      body: realFixture('globalping/getHttpMeasurementResponse.json'),
      headers: { 'content-type': 'application/json' },
    },
  };
}

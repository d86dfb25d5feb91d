import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configFromEnv } from './config';

describe('the portal configuration', () => {
  it('serves the built client from the repository by default, as npm start expects', () => {
    const { clientDir } = configFromEnv({});
    expect(clientDir).toBe(resolve('angular-client/dist/browser'));
    // `npm test` builds the client before jest runs.
    expect(existsSync(join(clientDir, 'index.html'))).toBe(true);
  });

  it('keeps its data in ./data unless told otherwise', () => {
    expect(configFromEnv({}).dataDir).toBe(resolve('data'));
    expect(configFromEnv({ DATA_DIR: '/srv/portail' }).dataDir).toBe('/srv/portail');
  });
});

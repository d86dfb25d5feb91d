/**
 * `npm run docs:integrations`: renders the catalogue of public events the portal serves into
 * docs/integrations.md (between its markers). A spec fails while the document is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalogue, withCatalogueSection } from '@pf/integrations';
import { PORTAL_PUBLIC_EVENTS } from '../projections';

const file = join(__dirname, '../../../../docs/integrations.md');
const before = readFileSync(file, 'utf8');
const after = withCatalogueSection(before, buildCatalogue(PORTAL_PUBLIC_EVENTS));
writeFileSync(file, after);
console.log(before === after ? 'docs/integrations.md: already up to date' : 'docs/integrations.md: catalogue updated');

import type { NextFunction, Request, Response } from 'express';
import { frenchLongDate } from './mail.templates';
import { PortalLinks, originOf, portalOriginOfRequests } from './mail.module';

const config = (publicUrl?: string) => ({ from: 'Portail <p@example.fr>', dataDir: '/tmp', publicUrl });
/** What PortalLinks gives while a request with this Host is being served. */
function whileServing(links: PortalLinks, req: Partial<Request>): string {
  let seen = '';
  portalOriginOfRequests()(req as Request, {} as Response, (() => (seen = links.url('/factures/1'))) as NextFunction);
  return seen;
}

describe('Links to the portal (mails, payment page and return)', () => {
  it('lead to PUBLIC_URL when it is set, whatever address the browser used', () => {
    const links = new PortalLinks(config('https://famille.example.fr/'));
    expect(whileServing(links, { protocol: 'http', host: '192.168.1.20:3000' })).toBe('https://famille.example.fr/factures/1');
  });

  it('without PUBLIC_URL, lead to the address the browser used for the request being served', () => {
    const links = new PortalLinks(config());
    expect(whileServing(links, { protocol: 'http', host: '192.168.1.20:3000' })).toBe('http://192.168.1.20:3000/factures/1');
    expect(whileServing(links, { protocol: 'https', host: 'portail.local' })).toBe('https://portail.local/factures/1');
    expect(whileServing(links, { protocol: 'http', host: '[::1]:3000' })).toBe('http://[::1]:3000/factures/1');
  });

  it('ignore a Host that is not one, and fall back on this server’s address outside a request', () => {
    const links = new PortalLinks(config());
    expect(whileServing(links, { protocol: 'http', host: 'evil.example/<script>' })).toBe('http://localhost:3000/factures/1');
    expect(originOf({ protocol: 'http', host: 'a b' } as Request)).toBeNull();
    expect(originOf({ protocol: 'javascript', host: 'portail.local' } as unknown as Request)).toBeNull();
    expect(links.url('/x')).toBe('http://localhost:3000/x');
  });

  it('keep the address through what the request awaits', async () => {
    const links = new PortalLinks(config());
    const seen = await new Promise<string>((resolve) =>
      portalOriginOfRequests()({ protocol: 'http', host: 'portail.local:8080' } as Request, {} as Response, (async () => {
        await new Promise((r) => setTimeout(r, 5));
        resolve(links.base());
      }) as unknown as NextFunction),
    );
    expect(seen).toBe('http://portail.local:8080');
  });
});

describe('Long dates in mails', () => {
  it('read as inside a French sentence: weekday in lowercase, « 1er » for the first of the month', () => {
    expect(frenchLongDate('2026-12-03')).toBe('jeudi 3 décembre 2026');
    expect(frenchLongDate('2026-12-01')).toBe('mardi 1er décembre 2026');
    expect(frenchLongDate('2027-06-01')).toBe('mardi 1er juin 2027');
  });
});

import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { FAMILY_SCOPE_PARAM } from '@pf/identity';
import { RegisterStaffAccountCommand, type Role } from '@pf/accounts';
import { RegisterCommuneCommand } from '@pf/communes';
import { FixedClock } from '@pf/domain';
import { ProjectionRunner } from '@pf/projections';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { discoverRoutes, type Route } from '../support/routes';
import { startPortal, type RunningPortal } from '../support/portal';

/**
 * Every HTTP route the portal serves × every kind of caller → allowed or denied, as each route's
 * @Public / @Roles metadata and the family scope convention (a `:familyId` in the path reaches
 * that family only for its guardians and its commune's staff) say. Routes are discovered from
 * the application itself: a route added without an access rule makes this test fail.
 */


interface Actor {
  name: string;
  role?: Role;
  communeId?: string;
  familyId?: string;
  call(method: string, path: string): Promise<{ status: number; code?: string }>;
}

const clock = new FixedClock('2026-11-03T08:00:00Z');
const COMMUNE = 'saint-hilaire-du-bois';
const OTHER_COMMUNE = 'matrice-sur-loire';


/** What the rules say this caller gets. */
function expected(route: Route, actor: Actor, family: { familyId: string; communeId: string }): 'allow' | 'deny' {
  const rule = route.rule!;
  if ('public' in rule) return 'allow';
  if (!actor.role || !rule.roles.includes(actor.role)) return 'deny';
  if (route.path.includes(`:${FAMILY_SCOPE_PARAM}`)) {
    if (actor.communeId !== family.communeId) return 'deny';
    if (actor.role === 'guardian' && actor.familyId !== family.familyId) return 'deny';
  }
  return 'allow';
}

/** What the access layer answered: its three refusals, or anything else (the route ran). */
const observed = (answer: { status: number; code?: string }): 'allow' | 'deny' =>
  (answer.status === 401 && answer.code === 'NOT_AUTHENTICATED') ||
  (answer.status === 403 && (answer.code === 'FORBIDDEN' || answer.code === 'ROUTE_WITHOUT_ACCESS_RULE')) ||
  (answer.status === 404 && answer.code === 'FAMILY_NOT_FOUND')
    ? 'deny'
    : 'allow';

/** One call, bounded in time; streams (SSE) are answered by their status line alone. */
async function call(baseUrl: string, method: string, path: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  try {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...headers },
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
      signal: abort.signal,
    });
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('application/json')) {
      abort.abort();
      return { status: response.status };
    }
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    return { status: response.status, code: body?.code };
  } finally {
    clearTimeout(timer);
  }
}

function sessionActor(baseUrl: string, name: string, client: ApiClient | null, who: Partial<Actor>): Actor {
  return {
    name,
    ...who,
    call: (method, path) => {
      const cookies = client?.cookieHeader() ?? '';
      const csrf = /pf_csrf=([^;]+)/.exec(cookies)?.[1];
      return call(baseUrl, method, path, { ...(cookies ? { cookie: cookies } : {}), ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}) });
    },
  };
}

describe('authorisation matrix: every route × every kind of caller', () => {
  let portal: RunningPortal;
  let routes: Route[];
  let actors: Actor[];
  let family: { familyId: string; communeId: string };

  beforeAll(async () => {
    portal = await startPortal({ clock });
    // Signing out last: it ends the sessions the other calls use.
    routes = discoverRoutes(portal).sort((a, b) => Number(a.path === '/api/auth/sign-out') - Number(b.path === '/api/auth/sign-out'));
    const base = portal.baseUrl;

    // A second commune with its own agent, through the ordinary commands (no HTTP route opens a commune).
    const commands = portal.app.get(CommandBus);
    const projections = portal.app.get(ProjectionRunner);
    const ctx = (key: string) => ({ communeId: OTHER_COMMUNE, actor: { kind: 'system' as const, id: 'test' }, channel: 'system' as const, requestId: `00000000-0000-4000-8000-0000000000${key}`, now: clock.now() });
    for (const command of [
      new RegisterCommuneCommand(
        { communeId: OTHER_COMMUNE, name: 'Matrice-sur-Loire', timeZone: 'Europe/Paris', schoolZone: 'B', subscriberCodePrefix: 'MSL', serviceName: 'Service enfance', serviceEmail: 'enfance@matrice.fr' },
        ctx('01'),
      ),
      new RegisterStaffAccountCommand({ role: 'staff', civility: 'M', firstName: 'Paul', lastName: 'Girard', email: 'agent@matrice.fr', password: 'Matrice-2026' }, ctx('02')),
    ]) {
      const { position } = await commands.execute<object, { position: number }>(command);
      await projections.waitFor(position);
    }

    const staff = new ApiClient(base);
    await staff.signIn(STAFF.email, STAFF.password);
    const families = (await staff.get('/api/families')).body.items as Array<{ familyId: string; name: string }>;
    const martin = families.find((f) => f.name === 'Famille MARTIN')!;
    const bernard = families.find((f) => f.name === 'Famille BERNARD')!;
    family = { familyId: martin.familyId, communeId: COMMUNE };
    const guardianF = new ApiClient(base);
    await guardianF.signIn('claire.martin@example.fr', 'Famille-2026');
    const guardianOther = new ApiClient(base);
    await guardianOther.signIn('thomas.bernard@example.fr', 'Famille-2026');
    const staffOther = new ApiClient(base);
    await staffOther.signIn('agent@matrice.fr', 'Matrice-2026');

    // An integrator key, where the integrations capability offers them; otherwise a key nobody issued.
    const issued = routes.some((r) => r.method === 'POST' && r.path === '/api/integrations/keys')
      ? await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Logiciel de test', scope: 'accounting' })
      : null;
    const key = issued?.status === 201 ? (issued.body.key as string) : `pf_unissued_${randomUUID()}`;

    actors = [
      sessionActor(base, 'anonymous', null, {}),
      sessionActor(base, 'guardian of F', guardianF, { role: 'guardian', communeId: COMMUNE, familyId: martin.familyId }),
      sessionActor(base, 'guardian of another family', guardianOther, { role: 'guardian', communeId: COMMUNE, familyId: bernard.familyId }),
      sessionActor(base, 'staff of C', staff, { role: 'staff', communeId: COMMUNE }),
      sessionActor(base, 'staff of another commune', staffOther, { role: 'staff', communeId: OTHER_COMMUNE }),
      {
        name: 'integrator',
        ...(issued?.status === 201 ? { role: 'integrator' as const, communeId: COMMUNE } : {}),
        call: (method, path) => call(base, method, path, { authorization: `Bearer ${key}` }),
      },
    ];
  });
  afterAll(() => portal?.close());

  it('finds the routes of every capability', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(['POST /api/auth/sign-in', 'GET /api/families/:familyId', 'POST /api/families/:familyId/change-requests', 'GET /api/health',
      'POST /api/families/:familyId/children/:childId/photo', 'GET /api/families/:familyId/photos/:photoId']));
  });

  it('gives every route an access rule (@Public or @Roles)', () => {
    expect(routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`)).toEqual([]);
  });

  it('allows and denies each caller exactly as the rules say', async () => {
    const mismatches: string[] = [];
    const lines: string[] = [];
    for (const route of routes.filter((r) => r.rule)) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => (name === FAMILY_SCOPE_PARAM ? family.familyId : name === 'name' ? 'inconnue' : randomUUID()));
      const cells: string[] = [];
      for (const actor of actors) {
        const answer = await actor.call(route.method, path);
        const want = expected(route, actor, family);
        const got = observed(answer);
        cells.push(got === 'allow' ? '✓' : '·');
        if (want !== got) mismatches.push(`${route.method} ${route.path} as ${actor.name}: expected ${want}, got ${answer.status} ${answer.code ?? ''}`);
      }
      lines.push(`${cells.join(' ')}  ${route.method} ${route.path}`);
    }
    if (process.env.PRINT_MATRIX) console.log(`${actors.map((a) => a.name).join(' | ')}\n${lines.join('\n')}`);
    expect(mismatches).toEqual([]);
    expect(lines.length).toBe(routes.filter((r) => r.rule).length);
  });
});

import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterStaffAccountCommand } from '@pf/accounts';
import { type AccessRule } from '@pf/identity';
import { FixedClock } from '@pf/domain';
import { ProjectionRunner } from '@pf/projections';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { discoverRoutes, type Route as RegisteredRoute } from '../support/routes';
import {
  catalogueFor,
  example,
  fieldsOf,
  hostileValuesFor,
  resolve,
  toJson,
  withValue,
  type Field,
  type FuzzContext,
  type OpenApiDocument,
  type Operation,
  type Schema,
} from '../support/openapi-fuzz';
import { startPortal, type RunningPortal } from '../support/portal';

/**
 * Hostile input on every command route, driven by the OpenAPI document the portal serves
 * (/api/docs-json): for each POST / PUT / PATCH / DELETE, body-level attacks (5,000 levels deep,
 * over 1 MB, malformed JSON, wrong content types, prototype keys, a list or a text instead of an
 * object) and, field by field, a sample of hostile values for the field's kind (operator objects,
 * wrong types, huge texts and lists, control / bidi / invisible characters, impossible and extreme
 * dates, extreme numbers…), as the kinds of caller the route allows (staff, guardian, anonymous,
 * admin, integrator). Every answer must be a 4xx with the portal's error body (a stable
 * UPPER_SNAKE code, a French message) and no refused request may append an event. The document
 * is the contract: a command route the portal serves but does not document fails the suite.
 */

const clock = new FixedClock('2026-11-03T08:00:00Z');
const COMMUNE = 'saint-hilaire-du-bois';
const COMMANDS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Hostile values per field beyond the operator, null and wrong type (taken in turn from the kind's catalogue). */
const SAMPLE_PER_FIELD = 3;
const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
/** Words of an English message (a framework's default leaking through). */
const ENGLISH = /\b(must|should|cannot|unexpected|unknown value|is not|expected|required|invalid|too large|not found|payload|nested property)\b/i;

/** A route as the fuzz suite sends it: Nest's path form (/api/families/:familyId) and its access rule. */
type Route = Pick<RegisteredRoute, 'method' | 'path' | 'rule'>;

type ActorName = 'staff' | 'guardian' | 'anonymous' | 'admin' | 'integrator';

interface Actor {
  name: ActorName;
  headers(): Record<string, string>;
}

interface Answer {
  status: number;
  body: { statusCode?: unknown; code?: unknown; message?: unknown; details?: unknown } | undefined;
  text: string;
}


const toNestPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1');

/** Who calls a route: the kinds of caller its access rule lets in (staff first, then guardian). */
function actorsFor(rule: AccessRule | undefined): ActorName[] {
  if (!rule) return ['staff'];
  if ('public' in rule) return ['anonymous'];
  const names: ActorName[] = [];
  if (rule.roles.includes('staff')) names.push('staff');
  if (rule.roles.includes('guardian')) names.push('guardian');
  if (!names.length && rule.roles.includes('admin')) names.push('admin');
  if (!names.length && rule.roles.includes('integrator')) names.push('integrator');
  return names;
}

/** Routes whose plausible body may close or erase what later routes need: sent last. */
const DESTRUCTIVE = /\/(erase|archive|revoke|unsubscribe|withdraw|sign-out|rotate-secret)$/;

describe('hostile input on every command route (OpenAPI-driven)', () => {
  let portal: RunningPortal;
  let doc: OpenApiDocument;
  let routes: Route[];
  const actors = new Map<ActorName, Actor>();
  let ctx: FuzzContext;
  let forwarded = 0;

  beforeAll(async () => {
    portal = await startPortal({ clock });
    const base = portal.baseUrl;
    routes = discoverRoutes(portal);

    // An administrator (no HTTP route creates one), through the ordinary command.
    const commands = portal.app.get(CommandBus);
    const { position } = await commands.execute<object, { position: number }>(
      new RegisterStaffAccountCommand(
        { role: 'admin', civility: 'Mme', firstName: 'Alice', lastName: 'Admin', email: 'admin.fuzz@saint-hilaire-du-bois.fr', password: 'Admin-Fuzz-2026' },
        { communeId: COMMUNE, actor: { kind: 'system', id: 'test' }, channel: 'system', requestId: randomUUID(), now: clock.now() },
      ),
    );
    await portal.app.get(ProjectionRunner).waitFor(position);

    const staff = new ApiClient(base);
    await staff.signIn(STAFF.email, STAFF.password);
    const guardian = new ApiClient(base);
    await guardian.signIn('claire.martin@example.fr', 'Famille-2026');
    const admin = new ApiClient(base);
    await admin.signIn('admin.fuzz@saint-hilaire-du-bois.fr', 'Admin-Fuzz-2026');
    const anonymous = new ApiClient(base);
    await anonymous.get('/api/health');

    const issued = await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Logiciel de test', scope: 'accounting' });
    const key = issued.status === 201 ? (issued.body.key as string) : `pf_unissued_${randomUUID()}`;

    const session = (name: ActorName, client: ApiClient): Actor => ({
      name,
      headers: () => {
        const cookie = client.cookieHeader();
        const csrf = /pf_csrf=([^;]+)/.exec(cookie)?.[1];
        return { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) };
      },
    });
    actors.set('staff', session('staff', staff));
    actors.set('guardian', session('guardian', guardian));
    actors.set('admin', session('admin', admin));
    actors.set('anonymous', session('anonymous', anonymous));
    actors.set('integrator', { name: 'integrator', headers: () => ({ authorization: `Bearer ${key}` }) });

    // Real ids, so that plausible bodies reach the capabilities' decisions, not only validation.
    const families = (await staff.get('/api/families')).body.items as Array<{ familyId: string; name: string }>;
    const martin = families.find((f) => f.name === 'Famille MARTIN')!;
    const file = (await staff.get(`/api/families/${martin.familyId}`)).body as { guardians: Array<{ guardianId: string }>; children: Array<{ childId: string }> };
    const activities = ((await staff.get('/api/staff/activities')).body.items ?? []) as Array<{ activityId: string }>;
    const facilities = ((await staff.get('/api/staff/facilities')).body.items ?? []) as Array<{ facilityId: string }>;
    ctx = {
      ids: {
        familyId: martin.familyId,
        guardianId: file.guardians[0].guardianId,
        childId: file.children[0].childId,
        activityId: activities[0]?.activityId ?? randomUUID(),
        facilityId: facilities[0]?.facilityId ?? randomUUID(),
        communeId: COMMUNE,
      },
      date: '2026-11-16',
      password: 'Fuzz-Motdepasse-2026',
      counter: 0,
    };

    doc = (await anonymous.get('/api/docs-json')).body as OpenApiDocument;
  });
  afterAll(() => portal?.close());

  it('documents every command route the portal serves (the OpenAPI document is the contract)', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${toNestPath(path)}`)),
    );
    const commands = routes.filter((r) => COMMANDS.has(r.method));
    expect(commands.length).toBeGreaterThan(40);
    expect(commands.map((r) => `${r.method} ${r.path}`).filter((route) => !documented.has(route))).toEqual([]);
    // A documented body documents its fields: a body schema without properties says nothing to fuzz or to integrate against.
    const undocumentedBodies = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method, operation]) => COMMANDS.has(method.toUpperCase()) && (operation as Operation).requestBody)
        .filter(([, operation]) =>
          Object.values((operation as Operation).requestBody?.content ?? {}).some((media) => Object.keys(resolve(doc, media.schema).properties ?? {}).length === 0),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undocumentedBodies).toEqual([]);
  });

  it('answers every hostile input with a 4xx, a stable code and a French message, and appends no event for it', async () => {
    const started = Date.now();
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    const byCode = new Map<string, number>();
    const kindsSeen = new Map<string, number>();
    const plausible: string[] = [];
    /** Plausible commands whose events moved the head: proof that the head watched here sees writes. */
    let plausibleWrites = 0;
    let sent = 0;
    const rotation = new Map<string, number>();
    const catalogue = new Set<string>();

    const head = async () => {
      const response = await fetch(`${portal.baseUrl}/api/health`, { headers: { accept: 'application/json' } });
      return ((await response.json()) as { headPosition: number }).headPosition;
    };

    /** One raw request, bounded in time; a fresh client address each time (the sign-in throttles count per address). */
    const call = async (actor: Actor, method: string, path: string, body: string | Uint8Array | FormData | undefined, contentType: string | null): Promise<Answer> => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 30_000);
      forwarded++;
      try {
        const headers: Record<string, string> = {
          accept: 'application/json',
          'x-forwarded-for': `10.${(forwarded >> 16) & 255}.${(forwarded >> 8) & 255}.${forwarded & 255}`,
          ...actor.headers(),
        };
        if (contentType) headers['content-type'] = contentType;
        const response = await fetch(portal.baseUrl + path, { method, headers, body, signal: abort.signal });
        const text = await response.text();
        let parsed: Answer['body'];
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        return { status: response.status, body: parsed, text };
      } catch (error) {
        return { status: 0, body: undefined, text: String(error) };
      } finally {
        clearTimeout(timer);
      }
    };

    /** The head once nothing more is being appended (reactions to an earlier accepted command), 5 s at most. */
    const settled = async () => {
      let last = await head();
      for (let i = 0; i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const now = await head();
        if (now === last) return now;
        last = now;
      }
      return last;
    };

    /** Sends one hostile input and checks the answer and the event log. */
    const attempt = async (route: Route, actor: Actor, label: string, path: string, body: string | Uint8Array | FormData | undefined, contentType: string | null) => {
      let before = await head();
      let answer = await call(actor, route.method, path, body, contentType);
      let after = await head();
      if (after !== before && answer.status >= 400 && answer.status < 500) {
        // Appended while it was refused: once more after the log settles, so that a reaction to
        // an earlier command landing in between is not taken for this request's write.
        before = await settled();
        answer = await call(actor, route.method, path, body, contentType);
        after = await head();
      }
      sent++;
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const code = typeof answer.body?.code === 'string' ? answer.body.code : '';
      if (code) byCode.set(code, (byCode.get(code) ?? 0) + 1);
      const where = `${route.method} ${route.path} [${actor.name}] ${label}`;
      const said = `${answer.status} ${code} ${typeof answer.body?.message === 'string' ? answer.body.message : answer.text.slice(0, 200)}`;
      const problems: string[] = [];
      if (answer.status < 400 || answer.status >= 500) problems.push(answer.status < 400 ? 'accepted' : 'server error');
      else {
        if (answer.body?.statusCode !== answer.status) problems.push('statusCode of the body differs');
        if (!CODE.test(code)) problems.push('no stable UPPER_SNAKE code');
        const message = answer.body?.message;
        if (typeof message !== 'string' || !message.trim() || ENGLISH.test(message)) problems.push('no French message');
        const details = Array.isArray(answer.body?.details) ? (answer.body!.details as Array<{ code?: unknown; message?: unknown }>) : [];
        for (const detail of details) {
          if (typeof detail.code !== 'string' || !CODE.test(detail.code)) problems.push(`detail without a stable code (${String(detail.code)})`);
          if (typeof detail.message !== 'string' || !detail.message.trim() || ENGLISH.test(detail.message)) problems.push(`detail without a French message (${String(detail.message)})`);
        }
        if (after !== before) problems.push(`refused but ${after - before} event(s) appended`);
      }
      if (problems.length) failures.push(`${where} → ${said} — ${[...new Set(problems)].join(', ')}`);
    };

    const commandOperations = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => COMMANDS.has(method.toUpperCase()))
        .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation: operation as Operation })),
    );
    const ordered = [...commandOperations].sort((a, b) => Number(DESTRUCTIVE.test(a.path)) - Number(DESTRUCTIVE.test(b.path)));
    const ruleOf = (method: string, path: string) => routes.find((r) => r.method === method && r.path === toNestPath(path))?.rule;
    /** A path parameter: an id seen so far (seeded or returned by an earlier plausible command), else a fresh one. */
    const idFor = (segment: string, name: string) => {
      if (name !== 'id') return ctx.ids[name] ?? (name === 'name' ? 'inconnue' : randomUUID());
      const byCollection: Record<string, string> = { requests: 'requestId', webhooks: 'webhookId', invoices: 'invoiceId' };
      return ctx.ids[byCollection[segment] ?? ''] ?? randomUUID();
    };
    /** Ids a successful command answers with (`newsId`, `contactId`, `documentId`…): later routes name them. */
    const harvest = (answer: Answer) => {
      if (answer.status >= 300 || !answer.body || typeof answer.body !== 'object') return;
      for (const [key, value] of Object.entries(answer.body as Record<string, unknown>)) {
        if (/Id$/.test(key) && typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value)) ctx.ids[key] ??= value;
      }
    };
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

    for (const { path: docPath, method, operation } of ordered) {
      const route: Route = { method, path: toNestPath(docPath), rule: ruleOf(method, docPath) };
      const path = docPath.replace(/\/([\w-]+)\/\{(\w+)\}/g, (_, segment: string, name: string) => `/${segment}/${idFor(segment, name)}`);
      const content = operation.requestBody?.content ?? {};
      const multipart = 'multipart/form-data' in content;
      const jsonSchema = content['application/json']?.schema;
      const bodySchema: Schema | undefined = multipart ? resolve(doc, content['multipart/form-data'].schema) : jsonSchema ? resolve(doc, jsonSchema) : undefined;
      const hasFields = !!bodySchema && Object.keys(bodySchema.properties ?? {}).length > 0;
      const plausibleBody = () => (bodySchema ? (example(doc, bodySchema, 'body', ctx) as Record<string, unknown>) : {});

      const form = (values: Record<string, unknown>, withFile = true) => {
        const data = new FormData();
        for (const [name, value] of Object.entries(values)) if (value !== undefined) data.append(name, typeof value === 'string' ? value : JSON.stringify(value));
        if (withFile) {
          const photo = /photo/.test(docPath);
          data.append('file', new Blob([photo ? PNG : PDF], { type: photo ? 'image/png' : 'application/pdf' }), photo ? 'photo.png' : 'document.pdf');
        }
        return data;
      };

      for (const actorName of actorsFor(route.rule)) {
        const actor = actors.get(actorName)!;
        const json = (label: string, value: unknown) => attempt(route, actor, label, path, toJson(value), 'application/json');
        const raw = (label: string, text: string | Uint8Array, type: string | null) => attempt(route, actor, label, path, text, type);

        // First the plausible body, for the record (not asserted: rules may refuse it) and for the
        // ids it answers with; the hostile values below are weighed against it.
        if (hasFields) {
          const headBefore = await head();
          const control = multipart ? await call(actor, method, path, form(plausibleBody()), null) : await call(actor, method, path, toJson(plausibleBody()), 'application/json');
          harvest(control);
          if (control.status < 300 && (await settled()) > headBefore) plausibleWrites++;
          plausible.push(`${method} ${route.path} [${actor.name}] → ${control.status} ${typeof control.body?.code === 'string' ? control.body.code : ''}`);
          if (control.status >= 500) failures.push(`${method} ${route.path} [${actor.name}] corps plausible → ${control.status} ${control.text.slice(0, 200)} — server error`);
        }

        // The whole body: refused before any route sees it (parser) or by validation.
        const fill = JSON.stringify(plausibleBody()).slice(1, -1);
        await raw('corps imbriqué sur 5 000 niveaux', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), 'application/json');
        await raw('corps imbriqué sur 2 000 niveaux (listes)', '['.repeat(2000) + ']'.repeat(2000), 'application/json');
        await raw('corps de plus de 1 Mo', `{"padding":"${'A'.repeat(1_100_000)}"${fill ? `,${fill}` : ''}}`, 'application/json');
        await raw('JSON mal formé', '{"requestId": ', 'application/json');
        await raw('JSON en text/plain', toJson(plausibleBody()), 'text/plain');
        await raw('formulaire urlencoded', 'requestId=1&title=x', 'application/x-www-form-urlencoded');
        await raw('XML', '<?xml version="1.0"?><a>1</a>', 'application/xml');
        await raw('sans Content-Type', new TextEncoder().encode(toJson(plausibleBody())), null);
        await raw('JSON en latin1', toJson(plausibleBody()), 'application/json; charset=latin1');
        await raw('clé __proto__ au premier niveau', `{"__proto__":{"isAdmin":true,"role":"admin"}${fill ? `,${fill}` : ''}}`, 'application/json');
        await raw('clé constructor.prototype', `{"constructor":{"prototype":{"isAdmin":true}}${fill ? `,${fill}` : ''}}`, 'application/json');
        if (!hasFields) continue; // a route without a body: only what the parser refuses is hostile there

        if (multipart) {
          // Upload routes: the file and the fields as multipart; JSON is the wrong content type there.
          await json('JSON au lieu de multipart', plausibleBody());
          await raw('multipart mal formé', '--x\r\nContent-Disposition: form-data; name="requestId"\r\n\r\n', 'multipart/form-data; boundary=x');
          await raw('multipart sans boundary', 'abc', 'multipart/form-data');
          await attempt(route, actor, 'multipart sans fichier', path, form(plausibleBody(), false), null);
          for (const field of fieldsOf(doc, bodySchema!).filter((f) => f.kind !== 'binary')) {
            for (const hostile of hostileValuesFor({ ...field, kind: field.kind === 'enum' || field.kind === 'uuid' ? field.kind : 'text' } as Field, rotation, SAMPLE_PER_FIELD)) {
              // A form carries texts only, in UTF-8 (a lone surrogate arrives as U+FFFD, an ordinary character).
              if (typeof hostile.value !== 'string' || hostile.label === 'surrogate isolé') continue;
              catalogue.add(`multipart:${hostile.label}`);
              kindsSeen.set(field.kind, (kindsSeen.get(field.kind) ?? 0) + 1);
              await attempt(route, actor, `${field.path.join('.')} = ${hostile.label}`, path, form({ ...plausibleBody(), [String(field.path[0])]: hostile.value }), null);
            }
          }
          continue;
        }

        await json('liste au lieu d’un objet', [plausibleBody()]);
        await json('texte au lieu d’un objet', 'requestId');
        await json('null au lieu d’un objet', null);
        await json('objet vide', {});

        // Field by field: the plausible body with one hostile value.
        for (const field of fieldsOf(doc, bodySchema!)) {
          for (const value of catalogueFor(field)) catalogue.add(`${field.kind}:${value.label}`);
          for (const hostile of hostileValuesFor(field, rotation, SAMPLE_PER_FIELD)) {
            kindsSeen.set(field.kind, (kindsSeen.get(field.kind) ?? 0) + 1);
            const body = withValue(doc, bodySchema!, plausibleBody(), field.path, hostile.value, ctx);
            await json(`${field.path.join('.')} = ${hostile.label}`, body);
          }
        }

      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    const codes = [...byCode].sort(([, a], [, b]) => b - a).map(([code, count]) => `${code} ${count}`).join(', ');
    console.log(
      [
        `Hostile input (OpenAPI-driven): ${commandOperations.length} command routes, ${sent} hostile inputs sent in ${seconds} s`,
        `  catalogue: ${catalogue.size} distinct (kind, value) pairs; fields fuzzed by kind: ${[...kindsSeen].map(([k, n]) => `${k} ${n}`).join(', ')}`,
        `  answers by status: ${statuses}`,
        `  codes: ${codes}`,
        `  plausible bodies (not asserted): ${plausible.filter((p) => / 2\d\d /.test(p)).length} accepted of ${plausible.length}, ${plausibleWrites} of them appended events`,
        ...plausible.map((p) => `    ${p}`),
        `  failures: ${failures.length}`,
        ...failures.map((f) => `    ${f}`),
      ].join('\n'),
    );
    expect(plausibleWrites).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  }, 600_000);
});

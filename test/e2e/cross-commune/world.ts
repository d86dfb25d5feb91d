import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterStaffAccountCommand } from '@pf/accounts';
import type { Clock } from '@pf/domain';
import { ProjectionRunner } from '@pf/projections';
import { ApiClient, requestId, STAFF } from '../../support/api-client';
import { startMailbox, type Mailbox } from '../../support/mailbox';
import { startPortal, type RunningPortal } from '../../support/portal';
import { keyCaller, send, sessionCaller, type Call, type Caller } from './http';

export const A_COMMUNE = 'saint-hilaire-du-bois';
export const B_COMMUNE = 'matrice-sur-loire';
const ROOT = join(__dirname, '../../..');
const run = promisify(execFile);

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n% attestation CAF\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('pixels-de-la-photo')]);

/** Commune A's ids, every one read from A's own API answers. */
export interface AIds {
  martin: { familyId: string; guardianId: string; lea: string; hugo: string };
  bernard: { familyId: string; chloe: string };
  nguyen: { familyId: string; minh: string };
  canteen: string;
  lateCanteen: string;
  wednesday: string;
  holidays: string;
  facilityId: string;
  /** The canteen's configuration as A's staff read it, in the shape the configuration route takes. */
  canteenConfiguration: Record<string, unknown>;
  facilityConfiguration: { facilityId: string; name: string; address: string | null };
  reservationRequestId: string;
  enrolmentRequestId: string;
  changeId: string;
  invoice: { id: string; number: string; totalCents: number };
  bernardInvoiceId: string;
  paymentId: string;
  batchId: string;
  attestationId: string;
  issuedAttestationId: string;
  documentId: string;
  publicDocumentId: string;
  photoId: string;
  newsId: string;
  newsTitle: string;
  contactId: string;
  preRegistrationId: string;
  keyId: string;
  subscriptionId: string;
}

export interface Side {
  staff: Caller;
  admin: Caller;
  guardian: Caller;
  integrator: Caller;
}

export interface World {
  portal: RunningPortal;
  mailbox: Mailbox;
  dataDir: string;
  a: Side & { clients: { staff: ApiClient; admin: ApiClient; martin: ApiClient; bernard: ApiClient }; key: string };
  b: Side & { familyId: string; childId: string; canteen: string; facilityId: string; newsId: string };
  ids: AIds;
  webhookUrl: string;
  /** Strings that are A's alone (ids, names, e-mails, numbers): none may reach B. */
  markers: string[];
  /** A's ids among them: a request naming one names A's records. */
  idMarkers: string[];
  /** Sends as A's caller and insists on a 2xx answer (setup and `prepare` steps). */
  as(caller: Caller, call: Call): Promise<any>;
  close(): Promise<void>;
}

/** An operator's command line, as a child process on the data folder (the portal is not running yet). */
async function cli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await run('npm', ['run', '--silent', ...args], { cwd: ROOT, env: { ...process.env, ...env, DATA_DIR: dataDir }, timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm run ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: error });
  }
}

/** A town-hall software's webhook endpoint on 127.0.0.1: acknowledges everything at once. */
async function startReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/portail/evenements` };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const B_ADMIN = { email: 'maire@matrice-sur-loire.fr', password: 'Matrice-Admin-2026' };
const B_PARENT = { email: 'paul.girard@matrice.example', password: 'Girard-Famille-2026' };
const A_ADMIN = { email: 'maire@saint-hilaire-du-bois.fr', password: 'Hilaire-Admin-2026' };

export async function createWorld(clock: Clock): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portail-cross-commune-'));
  const closers: Array<() => Promise<unknown> | unknown> = [() => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c();
  };
  try {
    // 1. Commune B and its first administrator, opened as an operator does, before the portal starts.
    const openB = ['commune:create', '--', '--id', B_COMMUNE, '--name', 'Matrice-sur-Loire', '--zone', 'A', '--prefix', 'MSL', '--service-email', 'enfance@matrice-sur-loire.fr'];
    await cli(dataDir, openB);
    // Idempotent: the same command again changes nothing.
    const again = await cli(dataDir, openB);
    if (!again.includes('rien à faire')) throw new Error(`commune:create run twice should change nothing, it said: ${again}`);
    await cli(dataDir, ['admin:create', '--', '--commune', B_COMMUNE, '--email', B_ADMIN.email, '--first-name', 'Anne', '--last-name', 'Roux'], { ADMIN_PASSWORD: B_ADMIN.password });

    const mailbox = await startMailbox();
    closers.push(() => mailbox.close());
    const receiver = await startReceiver();
    closers.push(() => new Promise<void>((resolve) => (receiver.server.closeAllConnections(), receiver.server.close(() => resolve()))));
    // 2. The portal on that folder; the demo seed is commune A.
    const portal = await startPortal({ dataDir, clock, smtpUrl: mailbox.smtpUrl });
    closers.push(() => portal.close());
    const base = portal.baseUrl;

    const as = async (caller: Caller, call: Call) => {
      const answer = await send(base, caller, call);
      if (answer.status < 200 || answer.status >= 300) throw new Error(`setup: ${call.method} ${call.path} as ${caller.name} answered ${answer.status} ${answer.text.slice(0, 400)}`);
      return answer.body;
    };

    // Commune A's administrator: no HTTP route opens an account of that role.
    const commands = portal.app.get(CommandBus);
    const registered = await commands.execute<object, { position: number }>(
      new RegisterStaffAccountCommand(
        { role: 'admin', civility: 'M', firstName: 'Jean', lastName: 'Hilaire', ...A_ADMIN },
        { communeId: A_COMMUNE, actor: { kind: 'system', id: 'test-setup' }, channel: 'system', requestId: randomUUID(), now: clock.now() },
      ),
    );
    await portal.app.get(ProjectionRunner).waitFor(registered.position);

    const signedIn = async (email: string, password: string) => {
      const client = new ApiClient(base);
      await client.signIn(email, password);
      return client;
    };
    const aClients = {
      staff: await signedIn(STAFF.email, STAFF.password),
      admin: await signedIn(A_ADMIN.email, A_ADMIN.password),
      martin: await signedIn('claire.martin@example.fr', 'Famille-2026'),
      bernard: await signedIn('thomas.bernard@example.fr', 'Famille-2026'),
    };
    const aStaff = sessionCaller('A staff', 'staff', 'A', aClients.staff);
    const aAdmin = sessionCaller('A admin', 'admin', 'A', aClients.admin);
    const martin = sessionCaller('A guardian (Martin)', 'guardian', 'A', aClients.martin);
    const bernard = sessionCaller('A guardian (Bernard)', 'guardian', 'A', aClients.bernard);

    // 3. Commune B over HTTP: its admin opens a family, the parent signs up with the code and activates by mail.
    const bAdminClient = await signedIn(B_ADMIN.email, B_ADMIN.password);
    const bAdmin = sessionCaller('B admin', 'admin', 'B', bAdminClient);
    const bFamily = await as(bAdmin, {
      method: 'POST',
      path: '/api/families',
      body: {
        requestId: requestId(),
        guardian: { civility: 'M', lastName: 'Girard', firstName: 'Paul', email: B_PARENT.email },
        children: [{ firstName: 'Zoé', lastName: 'Girard', birthDate: '2018-06-11', schoolClass: 'CE2' }],
      },
    });
    const signUp = await send(base, null, {
      method: 'POST',
      path: '/api/auth/sign-up',
      body: {
        requestId: requestId(),
        subscriberCode: bFamily.subscriberCode,
        civility: 'M',
        lastName: 'Girard',
        firstName: 'Paul',
        email: B_PARENT.email,
        password: B_PARENT.password,
        passwordConfirmation: B_PARENT.password,
        termsAccepted: true,
      },
    });
    if (signUp.status !== 201) throw new Error(`sign-up of B's parent: ${signUp.status} ${signUp.text}`);
    const activation = await mailbox.waitFor(B_PARENT.email, (m) => m.links.some((l) => l.includes('/activer-mon-compte')));
    const link = new URL(activation.links.find((l) => l.includes('/activer-mon-compte'))!);
    const anonymous = new ApiClient(base);
    const activated = await anonymous.post('/api/auth/activation', { accountId: link.searchParams.get('compte'), token: link.searchParams.get('jeton') });
    if (activated.status !== 200) throw new Error(`activation of B's parent: ${activated.status} ${JSON.stringify(activated.body)}`);
    const bParentClient = await signedIn(B_PARENT.email, B_PARENT.password);
    const bGuardian = sessionCaller('B guardian', 'guardian', 'B', bParentClient);
    const bKey = await as(bAdmin, { method: 'POST', path: '/api/integrations/keys', body: { requestId: requestId(), label: 'Logiciel de Matrice', scope: 'school-software' } });
    const bIntegrator = keyCaller('B integrator', 'B', bKey.key);

    // 4. Commune A's records, each id read from A's own answers.
    const families = (await as(aStaff, { method: 'GET', path: '/api/families' })).items as Array<{ familyId: string; name: string; children: Array<{ childId: string }> }>;
    const family = (name: string) => families.find((f) => f.name === name)!;
    const martinFile = await as(aStaff, { method: 'GET', path: `/api/families/${family('Famille MARTIN').familyId}` });
    const activities = (await as(aStaff, { method: 'GET', path: '/api/staff/activities' })).items as any[];
    const canteen = activities.find((a) => a.kind === 'canteen' && a.lateBookingOf === null);
    const facility = (await as(aStaff, { method: 'GET', path: '/api/staff/facilities' })).items.find((f: any) => f.facilityId === canteen.facilityId);
    const CONFIGURATION_FIELDS = ['activityId', 'facilityId', 'name', 'kind', 'startTime', 'endTime', 'openWeekdays', 'opensDuringSchoolHolidays', 'deadline', 'capacity', 'processing', 'periods', 'groups', 'closedDays', 'enrolment', 'lateBookingOf'];
    const PERIOD_FIELDS = ['periodId', 'label', 'kind', 'from', 'to', 'openWeekdays'];
    const canteenConfiguration = Object.fromEntries(CONFIGURATION_FIELDS.map((f) => [f, canteen[f]]));
    canteenConfiguration.periods = (canteen.periods as any[]).map((p) => Object.fromEntries(PERIOD_FIELDS.map((f) => [f, p[f]])));
    canteenConfiguration.groups = (canteen.groups as any[]).map(({ group, capacity }) => ({ group, capacity }));
    canteenConfiguration.closedDays = (canteen.closedDays as any[]).map(({ day, reason }) => ({ day, reason }));

    // B's own canteen (an operator's commune starts with none), so B's requests can name B's activity and A's child.
    const bFacility = await as(bAdmin, { method: 'POST', path: '/api/staff/facilities', body: { requestId: requestId(), name: 'Cantine centrale de Matrice', address: null } });
    const { activityId: _aCanteen, ...canteenRules } = canteenConfiguration;
    const bCanteen = await as(bAdmin, {
      method: 'POST',
      path: '/api/staff/activities',
      body: { requestId: requestId(), ...canteenRules, facilityId: bFacility.facilityId, name: 'Cantine de Matrice', closedDays: [] },
    });
    const bNews = await as(bAdmin, {
      method: 'POST',
      path: '/api/news',
      body: { requestId: requestId(), title: 'Fermeture de la cantine de Matrice', body: 'Le 24/12.', publishFrom: '2026-12-01', audience: { kind: 'activity', activityId: bCanteen.activityId } },
    });

    const lea = martinFile.children[0].childId as string;
    const hugo = martinFile.children[1].childId as string;
    const chloe = family('Famille BERNARD').children[0].childId;
    const canteenId = canteen.activityId as string;

    // A booking, a pending enrolment, a pending change of the file.
    const reservationRequestId = requestId();
    await as(martin, { method: 'POST', path: '/api/reservations', body: { requestId: reservationRequestId, childId: lea, activityId: canteenId, day: '2026-12-03' } });
    const holidays = activities.find((a) => a.kind === 'holiday_centre');
    const enrolment = await as(bernard, { method: 'POST', path: '/api/enrolments', body: { requestId: requestId(), childId: chloe, activityId: holidays.activityId, periodId: 'printemps-2027' } });
    const changeId = requestId();
    await as(martin, { method: 'POST', path: `/api/families/${martinFile.familyId}/change-requests`, body: { requestId: changeId, target: 'child', childId: hugo, child: { health: { glasses: true } } } });

    // November pointed, billed, one invoice paid in part at the desk, Bernard's debited.
    for (const day of ['2026-11-05', '2026-11-06']) {
      await as(aStaff, { method: 'POST', path: '/api/staff/attendance', body: { requestId: requestId(), activityId: canteenId, day, marks: [{ childId: lea, status: 'present' }, { childId: chloe, status: 'present' }] } });
    }
    await as(aStaff, { method: 'POST', path: '/api/billing/runs', body: { requestId: requestId(), month: '2026-11' } });
    const martinBilling = await as(aStaff, { method: 'GET', path: `/api/families/${martinFile.familyId}/billing` });
    const invoice = martinBilling.invoicesDue.find((i: any) => i.month === '2026-11');
    await as(aStaff, { method: 'POST', path: '/api/billing/payments', body: { requestId: requestId(), invoiceId: invoice.id, amountCents: 100, method: 'cash' } });
    const paymentId = (await as(aStaff, { method: 'GET', path: `/api/families/${martinFile.familyId}/billing` })).payments[0].id;
    const bernardInvoiceId = (await as(aStaff, { method: 'GET', path: `/api/families/${family('Famille BERNARD').familyId}/billing` })).invoicesDue.find((i: any) => i.month === '2026-11').id;
    await as(aStaff, { method: 'POST', path: `/api/billing/families/${family('Famille BERNARD').familyId}/mandate`, body: { requestId: requestId(), iban: 'FR14 2004 1010 0505 0001 3M02 606', signedOn: '2026-11-20' } });
    const batch = await as(aStaff, { method: 'POST', path: '/api/billing/direct-debits', body: { requestId: requestId() } });

    // Attestations: one pending, one issued.
    const attestation = await as(martin, { method: 'POST', path: `/api/families/${martinFile.familyId}/attestations`, body: { requestId: requestId(), kind: 'presence', childId: lea, from: '2026-11-01', to: '2026-11-30' } });
    const issued = await as(martin, { method: 'POST', path: `/api/families/${martinFile.familyId}/attestations`, body: { requestId: requestId(), kind: 'enrolment', childId: lea } });
    await as(aStaff, { method: 'POST', path: `/api/families/${martinFile.familyId}/attestations/${issued.attestationId}/issue`, body: { requestId: requestId() } });

    // Documents, a child's photo, news, a message, a pre-registration.
    const document = await as(martin, { method: 'POST', path: `/api/families/${martinFile.familyId}/documents`, form: { fields: { requestId: requestId(), kind: 'attestation_caf' }, file: { name: 'caf.pdf', bytes: PDF, type: 'application/pdf' } } });
    const publicDocument = await as(aStaff, { method: 'POST', path: '/api/documents/public', form: { fields: { requestId: requestId(), title: 'Règlement intérieur de Saint-Hilaire' }, file: { name: 'reglement.pdf', bytes: PDF, type: 'application/pdf' } } });
    const photo = await as(aStaff, { method: 'POST', path: `/api/families/${martinFile.familyId}/children/${lea}/photo`, form: { fields: { requestId: requestId() }, file: { name: 'lea.png', bytes: PNG, type: 'image/png' } } });
    const newsTitle = 'Repas de Noël à Saint-Hilaire';
    const news = await as(aStaff, { method: 'POST', path: '/api/news', body: { requestId: requestId(), title: newsTitle, body: 'Menu de fête le 17/12.', publishFrom: '2026-12-01', publishUntil: '2026-12-18', audience: { kind: 'activity', activityId: canteenId } } });
    const contactId = requestId();
    await as(martin, { method: 'POST', path: `/api/families/${martinFile.familyId}/contact`, body: { requestId: contactId, topic: 'billing', text: 'Bonjour, une question sur la facture de novembre.' } });
    const preRegistration = await submitPreRegistration(base);

    // A's integrator and its webhook (the receiver acknowledges at once, so nothing is retried).
    const aKey = await as(aStaff, { method: 'POST', path: '/api/integrations/keys', body: { requestId: requestId(), label: 'Logiciel scolaire de Saint-Hilaire', scope: 'school-software' } });
    const aIntegrator = keyCaller('A integrator', 'A', aKey.key);
    const subscription = await as(aIntegrator, { method: 'POST', path: '/api/integrations/webhooks', body: { requestId: requestId(), url: receiver.url, eventTypes: ['family.opened'], after: 0 } });

    const ids: AIds = {
      martin: { familyId: martinFile.familyId, guardianId: martinFile.guardians[0].guardianId, lea, hugo },
      bernard: { familyId: family('Famille BERNARD').familyId, chloe },
      nguyen: { familyId: family('Famille NGUYEN').familyId, minh: family('Famille NGUYEN').children[0].childId },
      canteen: canteenId,
      lateCanteen: activities.find((a) => a.lateBookingOf === canteenId).activityId,
      wednesday: activities.find((a) => a.kind === 'wednesday').activityId,
      holidays: holidays.activityId,
      facilityId: facility.facilityId,
      canteenConfiguration,
      facilityConfiguration: { facilityId: facility.facilityId, name: facility.name, address: facility.address ?? null },
      reservationRequestId,
      enrolmentRequestId: enrolment.requestId,
      changeId,
      invoice: { id: invoice.id, number: invoice.number, totalCents: invoice.totalCents },
      bernardInvoiceId,
      paymentId,
      batchId: batch.batchId,
      attestationId: attestation.attestationId,
      issuedAttestationId: issued.attestationId,
      documentId: document.documentId,
      publicDocumentId: publicDocument.documentId,
      photoId: photo.photoId,
      newsId: news.newsId,
      newsTitle,
      contactId,
      preRegistrationId: preRegistration,
      keyId: aKey.keyId,
      subscriptionId: subscription.subscriptionId,
    };

    const markers = [
      A_COMMUNE,
      'Saint-Hilaire',
      'SHB-',
      'claire.martin@example.fr',
      'thomas.bernard@example.fr',
      'linh.nguyen@example.fr',
      'MARTIN',
      'BERNARD',
      'NGUYEN',
      ...families.flatMap((f) => [f.familyId, ...f.children.map((c) => c.childId)]),
      ...activities.map((a) => a.activityId as string),
      ...activities.map((a) => a.name as string).filter((n) => n.length > 12),
      ids.martin.guardianId,
      ids.facilityId,
      ids.reservationRequestId,
      ids.enrolmentRequestId,
      ids.changeId,
      ids.invoice.id,
      ids.invoice.number,
      ids.bernardInvoiceId,
      ids.paymentId,
      ids.batchId,
      ids.attestationId,
      ids.issuedAttestationId,
      ids.documentId,
      ids.publicDocumentId,
      ids.photoId,
      ids.newsId,
      ids.newsTitle,
      ids.contactId,
      ids.preRegistrationId,
      ids.keyId,
      ids.subscriptionId,
      aKey.key,
    ];

    return {
      portal,
      mailbox,
      dataDir,
      a: { staff: aStaff, admin: aAdmin, guardian: martin, integrator: aIntegrator, clients: aClients, key: aKey.key },
      b: { staff: bAdmin, admin: bAdmin, guardian: bGuardian, integrator: bIntegrator, familyId: bFamily.familyId, childId: bFamily.children[0].childId, canteen: bCanteen.activityId, facilityId: bFacility.facilityId, newsId: bNews.newsId },
      ids,
      webhookUrl: receiver.url,
      markers: [...new Set(markers)],
      idMarkers: [...new Set(markers)].filter((m) => UUID.test(m) || m === ids.invoice.number),
      as,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

let preRegistrations = 0;

/** A family without a code asks commune A to open its file (public form); answers the pre-registration's id. */
export async function submitPreRegistration(baseUrl: string): Promise<string> {
  preRegistrations += 1;
  const answer = await send(baseUrl, null, {
    method: 'POST',
    path: '/api/pre-registrations',
    body: {
      requestId: requestId(),
      communeId: A_COMMUNE,
      guardians: [
        {
          civility: 'M',
          lastName: 'Benali',
          firstName: 'Karim',
          email: `karim.benali.${preRegistrations}@example.fr`,
          phones: { mobile: '07 11 22 33 44' },
          address: { line1: '5 place du Marché', postcode: '44190', city: 'Saint-Hilaire-du-Bois' },
        },
      ],
      children: [{ firstName: 'Yanis', lastName: 'Benali', birthDate: '2020-09-14', sex: 'M' }],
      message: 'Nous arrivons dans la commune en janvier.',
    },
  });
  if (answer.status !== 201) throw new Error(`pre-registration: ${answer.status} ${answer.text}`);
  return answer.body.preRegistrationId;
}

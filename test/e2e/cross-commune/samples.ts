import { requestId } from '../../support/api-client';
import type { Call } from './http';
import { PDF, PNG, submitPreRegistration, type AIds, type World } from './world';

/**
 * What B must get when it replays A's request:
 * - `refused`: 404 or 403 with a stable code, nothing appended, A's read models unchanged;
 * - `list`: the route only reads (a list, a dashboard, a feed): 200 with none of A's data, nothing appended;
 * - `own`: the request names none of A's records (it creates or configures something of the caller's own
 *   commune): B may succeed or be refused, but only in B — none of A's data in the answer, A's read models unchanged.
 */
export type Expectation = 'refused' | 'list' | 'own';

export type ARole = 'guardian' | 'staff' | 'admin' | 'integrator';

export interface SampleContext {
  ids: AIds;
  /** What `prepare` made for this sample alone. */
  fresh: Record<string, string>;
  world: World;
}

export interface Sample {
  /** A's caller, who makes this request for real after B's replay (and must succeed). */
  as: ARole;
  /** A's request, with A's ids; built once and sent as is by B's callers, then by A's. */
  request(ctx: SampleContext): Call;
  /** Makes A's entity this sample consumes (a pending change, a document to accept…), right before the sample. */
  prepare?(world: World): Promise<Record<string, string>>;
  expect?: Expectation;
  /** A's answers that prove the sample named real ids, besides 2xx (a domain answer such as 409 NOTHING_TO_DEBIT). */
  aAlso?: number[];
  /** Destructive (erase, archive, revoke, withdraw, rebuild): played after every other sample. */
  last?: boolean;
  /** A name for a route's second or third sample. */
  variant?: string;
}

/**
 * Routes that name no commune's data, each with why. Every other route needs a sample below: a route
 * added without one makes the cross-commune test fail with its name.
 */
export const EXEMPT: Record<string, string> = {
  'GET /api/health': 'deployment health (stores, projection lag): names no commune data',
  'GET /api/communes': 'public list of the communes of the deployment, by design (sign-up and pre-registration pick one)',
  'GET /api/events/catalogue': 'public catalogue of event types and schemas: no data of any commune',
  'POST /api/pre-registrations': 'public form of a family without an account: the commune is chosen by the family; there is no caller of another commune',
  'POST /api/auth/sign-in': 'public: credentials, no commune data named',
  'POST /api/auth/sign-out': "public: ends the caller's own session",
  'POST /api/auth/sign-up': 'public: the code abonné is the credential (anyone holding it may sign up, in whatever commune issued it)',
  'POST /api/auth/activation': 'public: the mailed one-time token is the credential',
  'POST /api/auth/activation/resend': 'public: answers the same whatever the e-mail',
  'POST /api/auth/password/forgot': 'public: answers the same whatever the e-mail',
  'POST /api/auth/password/reset': 'public: the mailed one-time token is the credential',
  'POST /api/auth/email/confirm': 'public: the mailed one-time token is the credential',
  'POST /api/auth/password/change': "the caller's own account only (current password required); names no id",
  'POST /api/auth/email/change': "the caller's own account only (current password required); names no id",
  'POST /api/payments/notifications/payfip': "the payment provider's server-to-server notification: signed by the provider, no session of any commune",
  'GET /api/payments/notifications/payfip': "the parent's browser back from PayFiP: records nothing, redirects to the invoice page (which checks the session)",
  'POST /api/payments/notifications/test': 'the test-mode provider\'s notification: signed with the attempt\'s key, no session',
  'GET /api/payments/test-mode/:attemptId': "the test-mode provider's page: the attempt's secret key in the link is the credential",
  'GET /api/payments/test-mode/:attemptId/:outcome': "the test-mode provider's page: the attempt's secret key in the link is the credential",
  'POST /api/admin/projections/:name/rebuild':
    "the deployment operator's control, opened by OPERATOR_KEY and by no commune's session (a commune's administrator gets 403 OPERATOR_ONLY: test/e2e/operator.e2e-spec.ts)",
};

const post = (path: string, body: unknown): Call => ({ method: 'POST', path, body });
const get = (path: string): Call => ({ method: 'GET', path });
const put = (path: string, body: unknown): Call => ({ method: 'PUT', path, body });
const rid = () => requestId();
const fam = (ids: AIds) => `/api/families/${ids.martin.familyId}`;

/** A new family of A, opened by A's staff (for the samples that archive or erase one). */
async function openAFamily(world: World, name: string): Promise<string> {
  const opened = await world.as(world.a.staff, post('/api/families', {
    requestId: rid(),
    guardian: { civility: 'Mme', lastName: name, firstName: 'Odile', email: `odile.${name.toLowerCase()}@example.fr` },
    children: [{ firstName: 'Paul', lastName: name, birthDate: '2019-02-03' }],
  }));
  return opened.familyId;
}

const changeOfHugo = async (world: World) => {
  const changeId = rid();
  await world.as(world.a.guardian, post(`${fam(world.ids)}/change-requests`, { requestId: changeId, target: 'child', childId: world.ids.martin.hugo, child: { health: { dentalDevice: true } } }));
  return { changeId };
};
const documentOfMartin = async (world: World) => ({
  documentId: (await world.as(world.a.guardian, { method: 'POST', path: `${fam(world.ids)}/documents`, form: { fields: { requestId: rid(), kind: 'certificat_medical' }, file: { name: 'certificat.pdf', bytes: PDF, type: 'application/pdf' } } })).documentId,
});
const attestationOfLea = async (world: World) => ({
  attestationId: (await world.as(world.a.guardian, post(`${fam(world.ids)}/attestations`, { requestId: rid(), kind: 'enrolment', childId: world.ids.martin.lea }))).attestationId,
});
const bookHugo = (day: string) => async (world: World) => {
  await world.as(world.a.guardian, post('/api/reservations', { requestId: rid(), childId: world.ids.martin.hugo, activityId: world.ids.canteen, day }));
  return {};
};
/** Martin asks for direct debit (and signs the mandate online, or has it validated too): the request's id. */
const directDebitOfMartin = (until: 'asked' | 'signed' | 'validated') => async (world: World) => {
  const asked = await world.as(world.a.guardian, post(`${fam(world.ids)}/direct-debit/requests`, { requestId: rid(), holderName: 'Claire Martin', iban: 'FR14 2004 1010 0505 0001 3M02 606' }));
  const mandateRequestId = asked.request.mandateRequestId as string;
  if (until !== 'asked') await world.as(world.a.guardian, post(`${fam(world.ids)}/direct-debit/requests/${mandateRequestId}/signature`, { requestId: rid(), accept: true }));
  if (until === 'validated') await world.as(world.a.staff, post(`/api/billing/families/${world.ids.martin.familyId}/direct-debit/requests/${mandateRequestId}/validation`, { requestId: rid() }));
  return { mandateRequestId };
};
const bernardByPost = async (world: World) => {
  await world.as(world.a.staff, { method: 'GET', path: `/api/families/${world.ids.bernard.familyId}` }).then((file) =>
    world.as(world.a.staff, put(`/api/families/${world.ids.bernard.familyId}/guardians/${file.guardians[0].guardianId}`, {
      requestId: rid(),
      civility: 'M',
      lastName: 'Bernard',
      firstName: 'Thomas',
      email: 'thomas.bernard@example.fr',
      invoiceDelivery: 'courrier',
      address: { line1: '8 allée des Tilleuls', postcode: '44190', city: 'Saint-Hilaire-du-Bois' },
    })),
  );
  return {};
};
const newsBody = (ids: AIds, title: string) => ({ requestId: rid(), title, body: 'Menu de fête à la cantine le 17/12.', publishFrom: '2026-12-01', publishUntil: '2026-12-18', audience: { kind: 'activity', activityId: ids.canteen } });
const TARIFF = { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 120 }, { fromQuotient: 501, unitPriceCents: 250 }, { fromQuotient: 801, unitPriceCents: 340 }, { fromQuotient: 1201, unitPriceCents: 410 }] };

export const SAMPLES: Record<string, Sample | Sample[]> = {
  // ---- families -------------------------------------------------------------------------------
  'GET /api/families': { as: 'staff', expect: 'list', request: () => get('/api/families') },
  'POST /api/families': {
    as: 'staff',
    expect: 'own',
    request: () =>
      post('/api/families', {
        requestId: rid(),
        guardian: { civility: 'M', lastName: 'Lemoine', firstName: 'Marc', email: `marc.lemoine.${Date.now()}@example.fr` },
        children: [{ firstName: 'Iris', lastName: 'Lemoine', birthDate: '2020-05-05' }],
      }),
  },
  'GET /api/families/:familyId': { as: 'guardian', request: ({ ids }) => get(fam(ids)) },
  'PUT /api/families/:familyId/guardians/:guardianId': {
    as: 'staff',
    request: ({ ids }) =>
      put(`${fam(ids)}/guardians/${ids.martin.guardianId}`, {
        requestId: rid(),
        civility: 'Mme',
        lastName: 'Martin',
        firstName: 'Claire',
        email: 'claire.martin@example.fr',
        quality: 'mere',
        invoiceDelivery: 'email',
        phones: { mobile: '06 12 34 56 78' },
        address: { line1: '3 rue des Lilas', postcode: '44190', city: 'Saint-Hilaire-du-Bois' },
      }),
  },
  'POST /api/families/:familyId/guardians': {
    as: 'staff',
    request: ({ ids }) => post(`/api/families/${ids.nguyen.familyId}/guardians`, { requestId: rid(), civility: 'M', lastName: 'Nguyen', firstName: 'Bao', email: 'bao.nguyen@example.fr' }),
  },
  'PUT /api/families/:familyId/children/:childId': [
    {
      as: 'staff',
      request: ({ ids }) => put(`${fam(ids)}/children/${ids.martin.hugo}`, { requestId: rid(), firstName: 'Hugo', lastName: 'Martin', birthDate: '2021-09-02', schoolClass: 'Moyenne section' }),
    },
    {
      as: 'staff',
      variant: "naming A's photo",
      request: ({ ids }) => put(`${fam(ids)}/children/${ids.martin.lea}`, { requestId: rid(), firstName: 'Léa', lastName: 'Martin', birthDate: '2017-03-14', schoolClass: 'CM1', photoId: ids.photoId }),
    },
  ],
  'POST /api/families/:familyId/children': {
    as: 'staff',
    request: ({ ids }) => post(`/api/families/${ids.nguyen.familyId}/children`, { requestId: rid(), firstName: 'Lan', lastName: 'Nguyen', birthDate: '2025-04-01' }),
  },
  'PUT /api/families/:familyId/quotient': { as: 'staff', request: ({ ids }) => put(`${fam(ids)}/quotient`, { requestId: rid(), value: 742, updatedOn: '2026-11-15' }) },
  'POST /api/families/:familyId/change-requests': [
    { as: 'guardian', request: ({ ids }) => post(`${fam(ids)}/change-requests`, { requestId: rid(), target: 'child', childId: ids.martin.lea, child: { health: { glasses: true } } }) },
    { as: 'guardian', variant: "naming A's photo", request: ({ ids }) => post(`${fam(ids)}/change-requests`, { requestId: rid(), target: 'child', childId: ids.martin.lea, child: { photoId: ids.photoId } }) },
  ],
  'POST /api/families/:familyId/change-requests/:changeId/accept': [
    { as: 'staff', variant: 'a change pending since the setup', request: ({ ids }) => post(`${fam(ids)}/change-requests/${ids.changeId}/accept`, { requestId: rid() }) },
    { as: 'staff', variant: 'a change made for this sample', prepare: changeOfHugo, request: ({ ids, fresh }) => post(`${fam(ids)}/change-requests/${fresh.changeId}/accept`, { requestId: rid() }) },
  ],
  'POST /api/families/:familyId/change-requests/:changeId/refuse': {
    as: 'staff',
    prepare: changeOfHugo,
    request: ({ ids, fresh }) => post(`${fam(ids)}/change-requests/${fresh.changeId}/refuse`, { requestId: rid(), reason: 'Merci de joindre un justificatif.' }),
  },
  'POST /api/families/:familyId/subscriber-code': { as: 'staff', request: ({ ids }) => post(`/api/families/${ids.nguyen.familyId}/subscriber-code`, { requestId: rid() }) },
  'GET /api/families/:familyId/subscriber-code-letter.pdf': { as: 'staff', request: ({ ids }) => get(`/api/families/${ids.nguyen.familyId}/subscriber-code-letter.pdf`) },
  'POST /api/families/:familyId/archive': {
    as: 'staff',
    last: true,
    prepare: async (world) => ({ familyId: await openAFamily(world, 'Archivee') }),
    request: ({ fresh }) => post(`/api/families/${fresh.familyId}/archive`, { requestId: rid(), reason: 'Déménagement' }),
  },
  'POST /api/families/:familyId/erase': {
    as: 'staff',
    last: true,
    prepare: async (world) => {
      const familyId = await openAFamily(world, 'Effacee');
      await world.as(world.a.staff, post(`/api/families/${familyId}/archive`, { requestId: rid(), reason: 'Doublon' }));
      return { familyId };
    },
    request: ({ fresh }) => post(`/api/families/${fresh.familyId}/erase`, { requestId: rid(), reasonCode: 'DUPLICATE_FILE' }),
  },
  'GET /api/families/:familyId/personal-data': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/personal-data`) },
  'GET /api/families/:familyId/personal-data.pdf': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/personal-data.pdf`) },
  'POST /api/families/:familyId/children/:childId/photo': {
    as: 'staff',
    request: ({ ids }) => ({ method: 'POST', path: `${fam(ids)}/children/${ids.martin.hugo}/photo`, form: { fields: { requestId: rid() }, file: { name: 'hugo.png', bytes: PNG, type: 'image/png' } } }),
  },
  'GET /api/families/:familyId/photos/:photoId': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/photos/${ids.photoId}`) },

  // ---- pre-registrations ------------------------------------------------------------------------
  'GET /api/pre-registrations': { as: 'staff', expect: 'list', request: () => get('/api/pre-registrations') },
  'POST /api/pre-registrations/:preRegistrationId/open-file': { as: 'staff', request: ({ ids }) => post(`/api/pre-registrations/${ids.preRegistrationId}/open-file`, { requestId: rid() }) },
  'POST /api/pre-registrations/:preRegistrationId/decline': {
    as: 'staff',
    prepare: async (world) => ({ preRegistrationId: await submitPreRegistration(world.portal.baseUrl) }),
    request: ({ fresh }) => post(`/api/pre-registrations/${fresh.preRegistrationId}/decline`, { requestId: rid(), reasonCode: 'OTHER' }),
  },

  // ---- documents --------------------------------------------------------------------------------
  'POST /api/families/:familyId/documents': {
    as: 'guardian',
    request: ({ ids }) => ({ method: 'POST', path: `${fam(ids)}/documents`, form: { fields: { requestId: rid(), kind: 'pai', childId: ids.martin.lea }, file: { name: 'pai.pdf', bytes: PDF, type: 'application/pdf' } } }),
  },
  'GET /api/families/:familyId/documents': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/documents`) },
  'GET /api/families/:familyId/documents/:documentId/content': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/documents/${ids.documentId}/content`) },
  'POST /api/families/:familyId/documents/:documentId/accept': { as: 'staff', prepare: documentOfMartin, request: ({ ids, fresh }) => post(`${fam(ids)}/documents/${fresh.documentId}/accept`, { requestId: rid() }) },
  'POST /api/families/:familyId/documents/:documentId/refuse': {
    as: 'staff',
    prepare: documentOfMartin,
    request: ({ ids, fresh }) => post(`${fam(ids)}/documents/${fresh.documentId}/refuse`, { requestId: rid(), reason: 'Document illisible.' }),
  },
  'POST /api/documents/public': {
    as: 'staff',
    expect: 'own',
    request: () => ({ method: 'POST', path: '/api/documents/public', form: { fields: { requestId: rid(), title: 'Guide des familles' }, file: { name: 'guide.pdf', bytes: PDF, type: 'application/pdf' } } }),
  },
  'GET /api/documents/public': { as: 'guardian', expect: 'list', request: () => get('/api/documents/public') },
  'GET /api/documents/public/:documentId/content': { as: 'guardian', request: ({ ids }) => get(`/api/documents/public/${ids.publicDocumentId}/content`) },
  'POST /api/documents/public/:documentId/withdraw': {
    as: 'staff',
    last: true,
    prepare: async (world) => ({
      documentId: (await world.as(world.a.staff, { method: 'POST', path: '/api/documents/public', form: { fields: { requestId: rid(), title: 'Ancien règlement' }, file: { name: 'ancien.pdf', bytes: PDF, type: 'application/pdf' } } })).documentId,
    }),
    request: ({ fresh }) => post(`/api/documents/public/${fresh.documentId}/withdraw`, { requestId: rid() }),
  },

  // ---- activities ------------------------------------------------------------------------------
  'GET /api/activities': { as: 'guardian', expect: 'list', request: () => get('/api/activities') },
  'GET /api/staff/activities': { as: 'staff', expect: 'list', request: () => get('/api/staff/activities') },
  'POST /api/staff/activities': [
    { as: 'staff', variant: "A's canteen, its rules unchanged", request: ({ ids }) => post('/api/staff/activities', { requestId: rid(), ...ids.canteenConfiguration }) },
    {
      as: 'staff',
      variant: "a new activity in A's facility",
      request: ({ ids }) => {
        const { activityId: _id, ...rules } = ids.canteenConfiguration;
        return post('/api/staff/activities', { requestId: rid(), ...rules, name: 'Cantine du samedi', closedDays: [] });
      },
    },
    {
      as: 'staff',
      variant: "a new late booking of A's canteen",
      request: ({ ids }) => {
        const { activityId: _id, ...rules } = ids.canteenConfiguration;
        return post('/api/staff/activities', {
          requestId: rid(),
          ...rules,
          name: 'Goûter non prévu',
          deadline: { kind: 'daysBefore', days: 0, time: '09:00' },
          capacity: null,
          periods: [],
          groups: [],
          closedDays: [],
          lateBookingOf: ids.canteen,
        });
      },
    },
  ],
  'GET /api/staff/facilities': { as: 'staff', expect: 'list', request: () => get('/api/staff/facilities') },
  'POST /api/staff/facilities': { as: 'staff', request: ({ ids }) => post('/api/staff/facilities', { requestId: rid(), ...ids.facilityConfiguration }) },

  // ---- enrolments and reservations ----------------------------------------------------------------
  'POST /api/enrolments': {
    as: 'guardian',
    request: ({ ids }) => post('/api/enrolments', { requestId: rid(), childId: ids.martin.lea, activityId: ids.wednesday, periodId: 'annee-2026-2027', typicalWeek: [3] }),
  },
  'GET /api/families/:familyId/enrolments': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/enrolments`) },
  'GET /api/staff/enrolments': { as: 'staff', expect: 'list', request: () => get('/api/staff/enrolments') },
  'POST /api/reservations': { as: 'guardian', request: ({ ids }) => post('/api/reservations', { requestId: rid(), childId: ids.martin.lea, activityId: ids.canteen, day: '2026-12-04' }) },
  'POST /api/reservations/period': {
    as: 'guardian',
    request: ({ ids }) => post('/api/reservations/period', { requestId: rid(), childId: ids.martin.hugo, activityId: ids.canteen, from: '2027-01-04', to: '2027-01-08', weekdays: [1, 2, 4, 5] }),
  },
  'POST /api/reservations/preview': { as: 'guardian', request: ({ ids }) => post('/api/reservations/preview', { childId: ids.martin.lea, activityId: ids.canteen, from: '2027-01-11', to: '2027-01-15' }) },
  'POST /api/reservations/cancellations': {
    as: 'guardian',
    prepare: bookHugo('2026-12-10'),
    request: ({ ids }) => post('/api/reservations/cancellations', { requestId: rid(), childId: ids.martin.hugo, activityId: ids.canteen, day: '2026-12-10' }),
  },
  'POST /api/reservations/absences': {
    as: 'guardian',
    prepare: bookHugo('2026-12-11'),
    request: ({ ids }) => post('/api/reservations/absences', { requestId: rid(), childId: ids.martin.hugo, activityId: ids.canteen, day: '2026-12-11', reason: 'family', medicalCertificate: false }),
  },
  'POST /api/reservations/absences/with-certificate': {
    as: 'guardian',
    prepare: bookHugo('2026-12-15'),
    request: ({ ids }) => ({
      method: 'POST',
      path: '/api/reservations/absences/with-certificate',
      form: { fields: { requestId: rid(), childId: ids.martin.hugo, activityId: ids.canteen, day: '2026-12-15' }, file: { name: 'certificat.png', bytes: PNG, type: 'image/png' } },
    }),
  },
  'POST /api/reservations/cancellations/preview': {
    as: 'guardian',
    prepare: bookHugo('2026-12-17'),
    request: ({ ids }) => post('/api/reservations/cancellations/preview', { childId: ids.martin.hugo, activityId: ids.canteen, from: '2026-12-17', to: '2026-12-18' }),
  },
  'POST /api/reservations/cancellations/period': {
    as: 'guardian',
    prepare: bookHugo('2026-12-18'),
    request: ({ ids }) => post('/api/reservations/cancellations/period', { requestId: rid(), childId: ids.martin.hugo, activityId: ids.canteen, from: '2026-12-17', to: '2026-12-18', weekdays: [4, 5] }),
  },
  'POST /api/reservations/copies/preview': {
    as: 'guardian',
    request: ({ ids }) => post('/api/reservations/copies/preview', { selection: [{ childId: ids.martin.lea, activityId: ids.canteen, day: '2027-02-01' }], until: '2027-02-12' }),
  },
  'POST /api/reservations/copies': {
    as: 'guardian',
    request: ({ ids }) =>
      post('/api/reservations/copies', {
        requestId: rid(),
        selection: [{ childId: ids.martin.lea, activityId: ids.canteen, day: '2027-02-02' }, { childId: ids.martin.hugo, activityId: ids.canteen, day: '2027-02-02' }],
        until: '2027-02-12',
      }),
  },
  'POST /api/staff/bulk-decisions': {
    as: 'staff',
    prepare: async (world) => ({ ...(await documentOfMartin(world)), ...(await changeOfHugo(world)) }),
    request: ({ fresh }) => post('/api/staff/bulk-decisions', { requestId: rid(), decision: 'accept', targets: [{ requestId: fresh.documentId }, { requestId: fresh.changeId }] }),
  },
  'GET /api/families/:familyId/planning': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/planning?from=2026-12-01&to=2026-12-07`) },
  'POST /api/staff/decisions': {
    as: 'staff',
    request: ({ ids }) => post('/api/staff/decisions', { requestId: rid(), decision: 'accept', message: 'Inscription validée.', targets: [{ requestId: ids.enrolmentRequestId }] }),
  },
  'POST /api/staff/attendance': {
    as: 'staff',
    request: ({ ids }) => post('/api/staff/attendance', { requestId: rid(), activityId: ids.canteen, day: '2026-12-01', marks: [{ childId: ids.martin.lea, status: 'present' }] }),
  },
  'GET /api/staff/attendance': { as: 'staff', request: ({ ids }) => get(`/api/staff/attendance?activityId=${ids.canteen}&day=2026-12-01`) },
  'GET /api/staff/occupancy': { as: 'staff', request: ({ ids }) => get(`/api/staff/occupancy?activityId=${ids.canteen}&from=2026-12-01&to=2026-12-04`) },
  'GET /api/staff/pending': { as: 'staff', expect: 'list', request: () => get('/api/staff/pending') },

  // ---- requests, contact, news, home page, audit ------------------------------------------------------
  'GET /api/families/:familyId/requests': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/requests`) },
  'GET /api/families/:familyId/requests/:requestId': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/requests/${ids.reservationRequestId}`) },
  'POST /api/families/:familyId/requests/mark-all-read': { as: 'guardian', request: ({ ids }) => post(`${fam(ids)}/requests/mark-all-read`, { requestId: rid() }) },
  'POST /api/families/:familyId/requests/:id/mark-read': { as: 'guardian', request: ({ ids }) => post(`${fam(ids)}/requests/${ids.reservationRequestId}/mark-read`, { requestId: rid() }) },
  'GET /api/requests': [
    { as: 'staff', expect: 'list', variant: "filtered on A's family", request: ({ ids }) => get(`/api/requests?familyId=${ids.martin.familyId}`) },
    { as: 'staff', expect: 'list', variant: "filtered on A's activity", request: ({ ids }) => get(`/api/requests?activityId=${ids.canteen}&status=accepted`) },
  ],
  'POST /api/families/:familyId/contact': { as: 'guardian', request: ({ ids }) => post(`${fam(ids)}/contact`, { requestId: rid(), topic: 'other', text: 'Bonjour, à quelle heure ouvre la garderie ?' }) },
  'POST /api/families/:familyId/contact/:contactId/answers': { as: 'staff', request: ({ ids }) => post(`${fam(ids)}/contact/${ids.contactId}/answers`, { requestId: rid(), text: 'Elle vous a été envoyée.' }) },
  'POST /api/families/:familyId/contact/:contactId/messages': { as: 'guardian', request: ({ ids }) => post(`${fam(ids)}/contact/${ids.contactId}/messages`, { requestId: rid(), text: 'Merci beaucoup.' }) },
  'POST /api/news': { as: 'staff', request: ({ ids }) => post('/api/news', newsBody(ids, 'Sortie au cinéma')) },
  'PUT /api/news/:newsId': { as: 'staff', request: ({ ids }) => put(`/api/news/${ids.newsId}`, newsBody(ids, ids.newsTitle)) },
  'POST /api/news/:newsId/withdraw': {
    as: 'staff',
    last: true,
    prepare: async (world) => ({ newsId: (await world.as(world.a.staff, post('/api/news', newsBody(world.ids, 'Actualité à retirer')))).newsId }),
    request: ({ fresh }) => post(`/api/news/${fresh.newsId}/withdraw`, { requestId: rid() }),
  },
  'GET /api/news': { as: 'staff', expect: 'list', request: () => get('/api/news') },
  'GET /api/families/:familyId/news': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/news`) },
  'GET /api/families/:familyId/dashboard': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/dashboard`) },
  'GET /api/families/:familyId/live': { as: 'guardian', request: ({ ids }) => ({ method: 'GET', path: `${fam(ids)}/live`, stream: true }) },
  'GET /api/audit/:kind/:id': [
    { as: 'staff', variant: 'family', request: ({ ids }) => get(`/api/audit/family/${ids.martin.familyId}`) },
    { as: 'staff', variant: 'child', request: ({ ids }) => get(`/api/audit/child/${ids.martin.lea}`) },
    { as: 'staff', variant: 'request', request: ({ ids }) => get(`/api/audit/request/${ids.reservationRequestId}`) },
    { as: 'staff', variant: 'invoice', request: ({ ids }) => get(`/api/audit/invoice/${ids.invoice.id}`) },
    { as: 'staff', variant: 'payment', request: ({ ids }) => get(`/api/audit/payment/${ids.paymentId}`) },
    { as: 'staff', variant: 'news', request: ({ ids }) => get(`/api/audit/news/${ids.newsId}`) },
  ],
  'GET /api/audit/:kind/:id/export.csv': [
    { as: 'staff', variant: 'family', request: ({ ids }) => get(`/api/audit/family/${ids.martin.familyId}/export.csv`) },
    { as: 'staff', variant: 'invoice', request: ({ ids }) => get(`/api/audit/invoice/${ids.invoice.id}/export.csv`) },
  ],

  // ---- attestations ---------------------------------------------------------------------------------
  'POST /api/families/:familyId/attestations': { as: 'guardian', request: ({ ids }) => post(`${fam(ids)}/attestations`, { requestId: rid(), kind: 'presence', childId: ids.martin.lea, from: '2026-11-01', to: '2026-11-15' }) },
  'GET /api/families/:familyId/attestations': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/attestations`) },
  'GET /api/families/:familyId/attestations/:attestationId': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/attestations/${ids.attestationId}`) },
  'GET /api/families/:familyId/attestations/:attestationId/preview': { as: 'staff', request: ({ ids }) => get(`${fam(ids)}/attestations/${ids.attestationId}/preview`) },
  'POST /api/families/:familyId/attestations/:attestationId/issue': { as: 'staff', prepare: attestationOfLea, request: ({ ids, fresh }) => post(`${fam(ids)}/attestations/${fresh.attestationId}/issue`, { requestId: rid() }) },
  'POST /api/families/:familyId/attestations/:attestationId/refuse': {
    as: 'staff',
    prepare: attestationOfLea,
    request: ({ ids, fresh }) => post(`${fam(ids)}/attestations/${fresh.attestationId}/refuse`, { requestId: rid(), reason: 'Aucune inscription validée.' }),
  },
  'GET /api/families/:familyId/attestations/:attestationId/pdf': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/attestations/${ids.issuedAttestationId}/pdf`) },

  // ---- billing ----------------------------------------------------------------------------------------
  'GET /api/billing/settings': { as: 'staff', expect: 'list', request: () => get('/api/billing/settings') },
  'POST /api/billing/settings': {
    as: 'staff',
    expect: 'own',
    request: () =>
      post('/api/billing/settings', {
        requestId: rid(),
        issuerName: 'Régie enfance-jeunesse',
        issuerAddress: ['Mairie — service enfance', '1 place de la Mairie'],
        paymentTermDays: 30,
        allowPartialOnlinePayment: false,
        sepaCreditor: { name: 'Commune', creditorId: 'FR72ZZZ123456', iban: 'FR7630006000011234567890189' },
        directDebitDelayDays: 5,
      }),
  },
  'GET /api/billing/tariffs': { as: 'staff', expect: 'list', request: () => get('/api/billing/tariffs') },
  'POST /api/billing/tariffs': {
    as: 'staff',
    request: ({ ids }) => post('/api/billing/tariffs', { requestId: rid(), activityId: ids.canteen, periodId: 'annee-2026-2027', pricing: TARIFF, unexpectedPresence: { kind: 'price', cents: 550 } }),
  },
  'POST /api/billing/runs': { as: 'staff', expect: 'own', request: () => post('/api/billing/runs', { requestId: rid(), month: '2026-10' }) },
  'GET /api/billing/runs': { as: 'staff', expect: 'list', request: () => get('/api/billing/runs') },
  'GET /api/billing/invoices': [
    { as: 'staff', expect: 'list', variant: "A's family", request: ({ ids }) => get(`/api/billing/invoices?familyId=${ids.martin.familyId}`) },
    { as: 'staff', expect: 'list', variant: "A's invoice number", request: ({ ids }) => get(`/api/billing/invoices?number=${ids.invoice.number}`) },
    { as: 'staff', expect: 'list', variant: "A's child", request: ({ ids }) => get(`/api/billing/invoices?childId=${ids.martin.lea}&month=2026-11`) },
  ],
  'POST /api/billing/payments': { as: 'staff', request: ({ ids }) => post('/api/billing/payments', { requestId: rid(), invoiceId: ids.invoice.id, amountCents: 100, method: 'cheque', reference: '0004567', receivedOn: '2026-12-01' }) },
  'GET /api/billing/exports/invoices.csv': { as: 'staff', expect: 'list', request: () => get('/api/billing/exports/invoices.csv?from=2026-11-01&to=2026-12-31') },
  'GET /api/billing/exports/payments.csv': { as: 'staff', expect: 'list', request: () => get('/api/billing/exports/payments.csv?from=2026-11-01&to=2026-12-31') },
  'POST /api/billing/families/:familyId/corrections': { as: 'staff', request: ({ ids }) => post(`/api/billing/families/${ids.bernard.familyId}/corrections`, { requestId: rid(), month: '2026-11' }) },
  'POST /api/billing/families/:familyId/quotient-regularisations': {
    as: 'staff',
    request: ({ ids }) => post(`/api/billing/families/${ids.bernard.familyId}/quotient-regularisations`, { requestId: rid(), quotient: 450, validFrom: '2026-11-01' }),
  },
  'POST /api/billing/families/:familyId/mandate': {
    as: 'staff',
    request: ({ ids }) => post(`/api/billing/families/${ids.martin.familyId}/mandate`, { requestId: rid(), iban: 'FR14 2004 1010 0505 0001 3M02 606', signedOn: '2026-11-25' }),
  },
  'POST /api/billing/families/:familyId/mandate/revocation': { as: 'staff', last: true, request: ({ ids }) => post(`/api/billing/families/${ids.bernard.familyId}/mandate/revocation`, { requestId: rid() }) },
  'POST /api/billing/direct-debits': { as: 'staff', expect: 'own', aAlso: [409], request: () => post('/api/billing/direct-debits', { requestId: rid() }) },
  'GET /api/billing/direct-debits/:batchId/pain008.xml': { as: 'staff', request: ({ ids }) => get(`/api/billing/direct-debits/${ids.batchId}/pain008.xml`) },
  'POST /api/families/:familyId/price-estimates': {
    as: 'guardian',
    request: ({ ids }) => post(`${fam(ids)}/price-estimates`, { childId: ids.martin.lea, days: [{ activityId: ids.canteen, day: '2026-12-07' }] }),
  },
  'GET /api/families/:familyId/billing': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/billing`) },
  'GET /api/billing/invoices/:id': { as: 'guardian', request: ({ ids }) => get(`/api/billing/invoices/${ids.invoice.id}`) },
  'GET /api/billing/invoices/:id/pdf': { as: 'guardian', request: ({ ids }) => get(`/api/billing/invoices/${ids.invoice.id}/pdf`) },
  'POST /api/billing/invoices/:id/online-payments': { as: 'guardian', request: ({ ids }) => post(`/api/billing/invoices/${ids.invoice.id}/online-payments`, { requestId: rid() }) },
  'GET /api/families/:familyId/account-summary': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/account-summary`) },
  'GET /api/families/:familyId/direct-debit': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/direct-debit`) },
  'POST /api/families/:familyId/direct-debit/requests': {
    as: 'guardian',
    request: ({ ids }) => post(`${fam(ids)}/direct-debit/requests`, { requestId: rid(), holderName: 'Claire Martin', iban: 'FR14 2004 1010 0505 0001 3M02 606' }),
  },
  'POST /api/families/:familyId/direct-debit/requests/:mandateRequestId/signature': {
    as: 'guardian',
    prepare: directDebitOfMartin('asked'),
    request: ({ ids, fresh }) => post(`${fam(ids)}/direct-debit/requests/${fresh.mandateRequestId}/signature`, { requestId: rid(), accept: true }),
  },
  'GET /api/families/:familyId/direct-debit/requests/:mandateRequestId/mandate.pdf': {
    as: 'guardian',
    prepare: directDebitOfMartin('asked'),
    request: ({ ids, fresh }) => get(`${fam(ids)}/direct-debit/requests/${fresh.mandateRequestId}/mandate.pdf`),
  },
  'POST /api/families/:familyId/direct-debit/revocation': {
    as: 'guardian',
    last: true,
    prepare: directDebitOfMartin('validated'),
    request: ({ ids }) => post(`${fam(ids)}/direct-debit/revocation`, { requestId: rid() }),
  },
  'GET /api/billing/direct-debit-requests': { as: 'staff', expect: 'list', prepare: directDebitOfMartin('signed'), request: () => get('/api/billing/direct-debit-requests') },
  'POST /api/billing/families/:familyId/direct-debit/requests/:mandateRequestId/validation': {
    as: 'staff',
    prepare: directDebitOfMartin('signed'),
    request: ({ ids, fresh }) => post(`/api/billing/families/${ids.martin.familyId}/direct-debit/requests/${fresh.mandateRequestId}/validation`, { requestId: rid() }),
  },
  'POST /api/billing/families/:familyId/direct-debit/requests/:mandateRequestId/refusal': {
    as: 'staff',
    prepare: directDebitOfMartin('asked'),
    request: ({ ids, fresh }) => post(`/api/billing/families/${ids.martin.familyId}/direct-debit/requests/${fresh.mandateRequestId}/refusal`, { requestId: rid(), reason: 'Le mandat signé ne nous est pas parvenu.' }),
  },
  // Bernard asks for his invoices by post, so A has one to print.
  'GET /api/billing/paper-invoices': { as: 'staff', expect: 'list', prepare: bernardByPost, request: () => get('/api/billing/paper-invoices?from=2026-11-01&to=2026-12-31') },
  // B has nothing to post (422 NOTHING_TO_PRINT in B): the request names no record of A.
  'GET /api/billing/paper-invoices.pdf': { as: 'staff', expect: 'own', prepare: bernardByPost, request: () => get('/api/billing/paper-invoices.pdf?from=2026-11-01&to=2026-12-31') },
  // Martin's invoice is paid in part only: 409 NOTHING_TO_REFUND proves A's payment was found (B's staff get 404).
  'POST /api/billing/refunds': { as: 'staff', aAlso: [409], request: ({ ids }) => post('/api/billing/refunds', { requestId: rid(), paymentId: ids.paymentId, amountCents: 100, method: 'bank_transfer' }) },
  'GET /api/families/:familyId/tax-certificates/:year': { as: 'guardian', request: ({ ids }) => get(`${fam(ids)}/tax-certificates/2025`) },
  // A's family paid no childcare in 2025: 422 TAX_CERTIFICATE_EMPTY proves A's family was found (B's callers get 404).
  'GET /api/families/:familyId/tax-certificates/:year/pdf': { as: 'guardian', aAlso: [422], request: ({ ids }) => get(`${fam(ids)}/tax-certificates/2025/pdf`) },

  // ---- statistics -------------------------------------------------------------------------------------
  'GET /api/statistics/attendance': [
    { as: 'staff', expect: 'list', variant: 'every activity', request: () => get('/api/statistics/attendance?from=2026-11-01&to=2026-11-30') },
    { as: 'staff', variant: "A's activity", request: ({ ids }) => get(`/api/statistics/attendance?from=2026-11-01&to=2026-11-30&activityId=${ids.canteen}`) },
  ],
  'GET /api/statistics/attendance.csv': [
    { as: 'staff', expect: 'list', variant: 'every activity', request: () => get('/api/statistics/attendance.csv?month=2026-11') },
    { as: 'staff', variant: "A's activity", request: ({ ids }) => get(`/api/statistics/attendance.csv?month=2026-11&activityId=${ids.canteen}`) },
  ],

  // ---- integrations -----------------------------------------------------------------------------------
  'POST /api/integrations/keys': { as: 'staff', expect: 'own', request: () => post('/api/integrations/keys', { requestId: rid(), label: 'Logiciel comptable', scope: 'accounting' }) },
  'GET /api/integrations/keys': { as: 'staff', expect: 'list', request: () => get('/api/integrations/keys') },
  'POST /api/integrations/keys/:keyId/revoke': {
    as: 'staff',
    last: true,
    prepare: async (world) => ({ keyId: (await world.as(world.a.staff, post('/api/integrations/keys', { requestId: rid(), label: 'Clé à révoquer', scope: 'accounting' }))).keyId }),
    request: ({ fresh }) => post(`/api/integrations/keys/${fresh.keyId}/revoke`, { requestId: rid() }),
  },
  'GET /api/integrations/me': { as: 'integrator', expect: 'list', request: () => get('/api/integrations/me') },
  'GET /api/integrations/events': { as: 'integrator', expect: 'list', request: () => get('/api/integrations/events?after=0&limit=1000') },
  'GET /api/integrations/events/stream': { as: 'integrator', expect: 'list', request: () => ({ method: 'GET', path: '/api/integrations/events/stream?after=0', stream: true }) },
  'POST /api/integrations/webhooks': { as: 'integrator', expect: 'own', request: ({ world }) => post('/api/integrations/webhooks', { requestId: rid(), url: world.webhookUrl, eventTypes: ['family.opened'] }) },
  'POST /api/integrations/keys/:keyId/webhooks': {
    as: 'staff',
    request: ({ ids, world }) => post(`/api/integrations/keys/${ids.keyId}/webhooks`, { requestId: rid(), url: world.webhookUrl, eventTypes: ['family.opened'] }),
  },
  'GET /api/integrations/webhooks': { as: 'integrator', expect: 'list', request: () => get('/api/integrations/webhooks') },
  'GET /api/integrations/webhooks/:id': { as: 'integrator', request: ({ ids }) => get(`/api/integrations/webhooks/${ids.subscriptionId}`) },
  'POST /api/integrations/webhooks/:id/rotate-secret': { as: 'integrator', request: ({ ids }) => post(`/api/integrations/webhooks/${ids.subscriptionId}/rotate-secret`, { requestId: rid(), overlapSeconds: 60 }) },
  'POST /api/integrations/webhooks/:id/replay': { as: 'integrator', request: ({ ids }) => post(`/api/integrations/webhooks/${ids.subscriptionId}/replay`, { requestId: rid(), after: 0 }) },
  'POST /api/integrations/webhooks/:id/unsubscribe': {
    as: 'integrator',
    last: true,
    prepare: async (world) => ({
      subscriptionId: (await world.as(world.a.integrator, post('/api/integrations/webhooks', { requestId: rid(), url: world.webhookUrl, eventTypes: ['family.opened'] }))).subscriptionId,
    }),
    request: ({ fresh }) => post(`/api/integrations/webhooks/${fresh.subscriptionId}/unsubscribe`, { requestId: rid() }),
  },
  'GET /api/integrations/webhooks/:id/deliveries': { as: 'integrator', request: ({ ids }) => get(`/api/integrations/webhooks/${ids.subscriptionId}/deliveries`) },

  // ---- accounts and operations -------------------------------------------------------------------------
  'GET /api/auth/me': { as: 'guardian', expect: 'list', request: () => get('/api/auth/me') },
};

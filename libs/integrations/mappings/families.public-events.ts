import { emit, type JsonSchema, type PublicEventMappings, type PublicEventType, type ScopeView } from '../public-event';
import { ageOn, localDay } from './ages';
import { communeTimeZone } from './communes.public-events';

type Civility = 'Mme' | 'M';

/** The fields of the internal family events this mapping reads (their other fields may change freely). */
interface FamilyFileOpenedData {
  familyId: string;
  name: string;
  guardians: Array<{ guardianId: string; civility: Civility; firstName: string; lastName: string; email: string }>;
  children: Array<{ childId: string; firstName: string; lastName: string; birthDate: string; schoolClass?: string | null }>;
}
interface GuardianAccountData {
  familyId: string;
  guardianId: string;
}
interface ChildRecordedData {
  familyId: string;
  child: { childId: string; birthDate: string };
}
interface FamilyErasedData {
  familyId: string;
  reasonCode: string;
  childIds: string[];
}

export interface FamilyOpenedV1 {
  familyId: string;
  familyName: string;
  guardians: Array<{ guardianId: string; civility: Civility; firstName: string; lastName: string; email: string }>;
  children: Array<{ childId: string; firstName: string; lastName: string; birthDate: string; schoolClass: string | null }>;
}

const uuid = { type: 'string', format: 'uuid' } as const;
const name = { type: 'string', minLength: 1, maxLength: 80 } as const;
const civility = { type: 'string', enum: ['Mme', 'M'] } as const;
const date = { type: 'string', format: 'date' } as const;

const familyOpenedSchema: JsonSchema = {
  type: 'object',
  required: ['familyId', 'familyName', 'guardians', 'children'],
  additionalProperties: false,
  properties: {
    familyId: uuid,
    familyName: { type: 'string', minLength: 1 },
    guardians: {
      type: 'array',
      items: {
        type: 'object',
        required: ['guardianId', 'civility', 'firstName', 'lastName', 'email'],
        additionalProperties: false,
        properties: { guardianId: uuid, civility, firstName: name, lastName: name, email: { type: 'string', format: 'email' } },
      },
    },
    children: {
      type: 'array',
      items: {
        type: 'object',
        required: ['childId', 'firstName', 'lastName', 'birthDate', 'schoolClass'],
        additionalProperties: false,
        properties: { childId: uuid, firstName: name, lastName: name, birthDate: date, schoolClass: { type: 'string', nullable: true } },
      },
    },
  },
};

const familyOpenedExample: FamilyOpenedV1 = {
  familyId: '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b',
  familyName: 'Famille DUBOIS',
  guardians: [{ guardianId: '0e8f7d6c-5b4a-5392-8170-f6e5d4c3b2a1', civility: 'Mme', firstName: 'Julie', lastName: 'Dubois', email: 'julie.dubois@example.fr' }],
  children: [{ childId: '9a8b7c6d-5e4f-5a3b-9c2d-1e0f9a8b7c6d', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12', schoolClass: 'CE2' }],
};

interface FamilyOpenedAccountingV1 {
  familyId: string;
  familyName: string;
  guardians: FamilyOpenedV1['guardians'];
  children: Array<{ childId: string; firstName: string; lastName: string }>;
}

const accountingView: ScopeView<FamilyOpenedV1, FamilyOpenedAccountingV1> = {
  schema: {
    type: 'object',
    required: ['familyId', 'familyName', 'guardians', 'children'],
    additionalProperties: false,
    properties: {
      familyId: uuid,
      familyName: { type: 'string', minLength: 1 },
      guardians: familyOpenedSchema.properties.guardians,
      children: {
        type: 'array',
        items: {
          type: 'object',
          required: ['childId', 'firstName', 'lastName'],
          additionalProperties: false,
          properties: { childId: uuid, firstName: name, lastName: name },
        },
      },
    },
  },
  example: {
    ...familyOpenedExample,
    children: familyOpenedExample.children.map(({ childId, firstName, lastName }) => ({ childId, firstName, lastName })),
  },
  reduce: (p) => ({ ...p, children: p.children.map(({ childId, firstName, lastName }) => ({ childId, firstName, lastName })) }),
};

interface FamilyOpenedSchoolV1 {
  familyId: string;
  familyName: string;
  guardians: Array<{ guardianId: string; civility: Civility; firstName: string; lastName: string }>;
  children: FamilyOpenedV1['children'];
}

const schoolView: ScopeView<FamilyOpenedV1, FamilyOpenedSchoolV1> = {
  schema: {
    type: 'object',
    required: ['familyId', 'familyName', 'guardians', 'children'],
    additionalProperties: false,
    properties: {
      familyId: uuid,
      familyName: { type: 'string', minLength: 1 },
      guardians: {
        type: 'array',
        items: {
          type: 'object',
          required: ['guardianId', 'civility', 'firstName', 'lastName'],
          additionalProperties: false,
          properties: { guardianId: uuid, civility, firstName: name, lastName: name },
        },
      },
      children: familyOpenedSchema.properties.children,
    },
  },
  example: { ...familyOpenedExample, guardians: familyOpenedExample.guardians.map(({ email: _email, ...g }) => g) },
  reduce: (p) => ({ ...p, guardians: p.guardians.map(({ email: _email, ...g }) => g) }),
};

interface FamilyOpenedStatisticsV1 {
  /** Ages in full years on the day the file was opened, in the commune's calendar. */
  childAges: number[];
  childCount: number;
}

export const familyOpenedV1: PublicEventType<FamilyOpenedV1> = {
  type: 'family.opened',
  version: 1,
  meaning: {
    fr: 'Le service enfance a ouvert le dossier d’une famille (responsables et enfants). Chaque scope n’en reçoit que ce qui lui est nécessaire.',
    en: "The childhood service opened a family's file (guardians and children). Each scope receives only what it needs.",
  },
  schema: familyOpenedSchema,
  example: familyOpenedExample,
  scopes: {
    accounting: accountingView,
    'school-software': schoolView,
    'caf-statistics': {
      schema: {
        type: 'object',
        required: ['childAges', 'childCount'],
        additionalProperties: false,
        properties: { childAges: { type: 'array', items: { type: 'integer', minimum: 0 } }, childCount: { type: 'integer', minimum: 0 } },
      },
      example: { childAges: [8], childCount: 1 },
      reduce: async (p, facts) => {
        const openedOn = (await facts.get<string>(`family:${p.familyId}:openedOn`)) ?? '';
        const ages = p.children.map((c) => ageOn(c.birthDate, openedOn)).filter((a): a is number => a !== null);
        return { childAges: ages, childCount: p.children.length };
      },
    } satisfies ScopeView<FamilyOpenedV1, FamilyOpenedStatisticsV1>,
  },
};

interface GuardianAccountV1 {
  familyId: string;
  guardianId: string;
}

const guardianAccountSchema: JsonSchema = {
  type: 'object',
  required: ['familyId', 'guardianId'],
  additionalProperties: false,
  properties: { familyId: uuid, guardianId: uuid },
};

export const guardianAccountLinkedV1: PublicEventType<GuardianAccountV1> = {
  type: 'family.guardian-account-linked',
  version: 1,
  meaning: {
    fr: 'Un responsable a créé son compte sur le portail avec le code abonné de la famille : il suit désormais ses demandes en ligne.',
    en: "A guardian created their portal account with the family's subscriber code and now follows the requests online.",
  },
  schema: guardianAccountSchema,
  example: { familyId: familyOpenedExample.familyId, guardianId: familyOpenedExample.guardians[0].guardianId },
  scopes: { accounting: 'full', 'school-software': 'full' },
};

export const guardianAccountUnlinkedV1: PublicEventType<GuardianAccountV1> = {
  type: 'family.guardian-account-unlinked',
  version: 1,
  meaning: {
    fr: 'Le lien entre un responsable et son compte a été annulé (le compte n’a pas pu être créé) : le code abonné redevient utilisable.',
    en: 'The link between a guardian and an account was undone (the account could not be created): the subscriber code can be used again.',
  },
  schema: guardianAccountSchema,
  example: { familyId: familyOpenedExample.familyId, guardianId: familyOpenedExample.guardians[0].guardianId },
  scopes: { accounting: 'full', 'school-software': 'full' },
};

interface FamilyErasedV1 {
  familyId: string;
  /** RIGHT_TO_ERASURE, RETENTION_PERIOD_OVER, DUPLICATE_FILE (new codes may appear). */
  reasonCode: string;
}

export const familyErasedV1: PublicEventType<FamilyErasedV1> = {
  type: 'family.erased',
  version: 1,
  meaning: {
    fr: 'Les données personnelles de la famille ont été effacées (droit à l’effacement, durée de conservation échue, dossier en double) : effacez vos copies. Ses événements publics antérieurs ne sont plus servis.',
    en: "The family's personal data was erased (right to erasure, retention period over, duplicate file): erase your copies. Its earlier public events are no longer served.",
  },
  schema: {
    type: 'object',
    required: ['familyId', 'reasonCode'],
    additionalProperties: false,
    properties: { familyId: uuid, reasonCode: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' } },
  },
  example: { familyId: familyOpenedExample.familyId, reasonCode: 'RIGHT_TO_ERASURE' },
  scopes: { accounting: 'full', 'school-software': 'full' },
};

/** Data read back after the family's key was destroyed comes redacted (empty names): nothing of it is published. */
const erased = (data: FamilyFileOpenedData) => data.name === '' || data.children.some((c) => c.birthDate === '');

/**
 * What family events mean for integrators. Subscriber codes never leave (they let anyone link an
 * account to the family), nor do account ids.
 */
export const familyPublicEvents: PublicEventMappings = {
  types: [familyOpenedV1, guardianAccountLinkedV1, guardianAccountUnlinkedV1, familyErasedV1],
  map: {
    FamilyFileOpened: async (event, facts) => {
      const data = event.data as FamilyFileOpenedData;
      if (erased(data)) return [];
      const openedOn = localDay(event.metadata.occurredAt, await communeTimeZone(facts));
      await facts.set(`family:${data.familyId}:openedOn`, openedOn);
      for (const child of data.children) await facts.set(`child:${child.childId}`, { birthDate: child.birthDate });
      return [
        emit(
          familyOpenedV1,
          {
            familyId: data.familyId,
            familyName: data.name,
            guardians: data.guardians.map(({ guardianId, civility, firstName, lastName, email }) => ({ guardianId, civility, firstName, lastName, email })),
            children: data.children.map(({ childId, firstName, lastName, birthDate, schoolClass }) => ({
              childId,
              firstName,
              lastName,
              birthDate,
              schoolClass: schoolClass ?? null,
            })),
          },
          data.familyId,
        ),
      ];
    },
    GuardianAccountLinked: (event) => {
      const { familyId, guardianId } = event.data as GuardianAccountData;
      return [emit(guardianAccountLinkedV1, { familyId, guardianId }, familyId)];
    },
    GuardianAccountUnlinked: (event) => {
      const { familyId, guardianId } = event.data as GuardianAccountData;
      return [emit(guardianAccountUnlinkedV1, { familyId, guardianId }, familyId)];
    },
    ChildRecorded: async (event, facts) => {
      const { child } = event.data as ChildRecordedData;
      if (child?.birthDate) await facts.set(`child:${child.childId}`, { birthDate: child.birthDate });
      return [];
    },
    FamilyErased: async (event, facts) => {
      const data = event.data as FamilyErasedData;
      for (const childId of data.childIds ?? []) await facts.set(`child:${childId}`, null);
      // The notice itself belongs to no family's data: it stays in the feed.
      return [emit(familyErasedV1, { familyId: data.familyId, reasonCode: data.reasonCode }, null)];
    },
  },
  forget: { FamilyErased: (event) => [(event.data as FamilyErasedData).familyId] },
};

export type { FamilyOpenedAccountingV1, FamilyOpenedSchoolV1, FamilyOpenedStatisticsV1, GuardianAccountV1 };

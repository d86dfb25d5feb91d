import type { Actor, Channel, RecordedEvent } from '@pf/event-store';
import { projection, type ProjectionHandler } from '@pf/projections';
import type { CommuneUnitOfWork, Document } from '@pf/read-store';

export const AUDIT_INDEX = 'audit_index';
/** Which family a child or a request belongs to, learnt from events that name both. */
export const AUDIT_LINKS = 'audit_links';

/**
 * The subjects an audit can be asked about, and the data fields that name them. Activities are
 * left out on purpose: every booking names one, and an activity's history is the occupancy view's job.
 */
export const AUDIT_SUBJECT_FIELDS = {
  familyId: 'family',
  childId: 'child',
  childIds: 'child',
  requestId: 'request',
  invoiceId: 'invoice',
  invoiceIds: 'invoice',
  paymentId: 'payment',
  newsId: 'news',
} as const;
export type AuditSubjectKind = (typeof AUDIT_SUBJECT_FIELDS)[keyof typeof AUDIT_SUBJECT_FIELDS];
export const AUDIT_SUBJECT_KINDS = [...new Set(Object.values(AUDIT_SUBJECT_FIELDS))] as AuditSubjectKind[];

/** Subjects with a field of their own on the entry; the others share `other` ('payment:<id>', 'news:<id>'). */
export const AUDIT_FIELD_KINDS = ['family', 'child', 'request', 'invoice'] as const;
type FieldKind = (typeof AUDIT_FIELD_KINDS)[number];

/** The entry field and value that find a subject's history. */
export function auditKey(kind: AuditSubjectKind, id: string): { field: FieldKind | 'other'; value: string } {
  return (AUDIT_FIELD_KINDS as readonly string[]).includes(kind) ? { field: kind as FieldKind, value: id } : { field: 'other', value: `${kind}:${id}` };
}

/**
 * A compact entry per event, naming its subjects in scalar fields: enough to filter, sort and page.
 * Histories are found through the family (one index on family and position): a child's or a
 * request's entries are its family's entries that name it (their family is learnt from events that
 * name both, see AUDIT_LINKS). Invoices and other subjects (payments, news) have an index of their
 * own (mostly empty, so cheap to keep). An event naming two subjects of one kind (a file opened
 * with two children) gets one more entry per extra subject, marked `extraOf` with that kind and
 * left out of the family's history, so no history counts an event twice. The event itself (its
 * data) is read from the event store when shown, so personal data stays sealed there and nothing
 * of it is copied here but the actor's display name.
 */
export interface AuditEntry extends Document {
  family: string | null;
  child: string | null;
  request: string | null;
  invoice: string | null;
  other: string | null;
  /** Set on the extra entry of an event's second (third…) subject of one kind: that kind. */
  extraOf: AuditSubjectKind | null;
  communeId: string;
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string;
  actorKind: Actor['kind'];
  actorId: string;
  actorName: string | null;
  channel: Channel | null;
}

export interface AuditLink extends Document {
  /** 'family:<id>' */
  family: string;
}

/** Nested objects are walked this deep (e.g. `seen[].requestId`, `change.childId`). */
const MAX_DEPTH = 4;

/** Every subject named in the event's data, by the usual id field names. */
export function subjectsNamedIn(data: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown, depth: number) => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      const kind = (AUDIT_SUBJECT_FIELDS as Record<string, string>)[key];
      if (kind && typeof field === 'string' && field) {
        found.add(`${kind}:${field}`);
      } else if (kind && Array.isArray(field)) {
        for (const id of field) if (typeof id === 'string' && id) found.add(`${kind}:${id}`);
      } else {
        walk(field, depth + 1);
      }
    }
  };
  walk(data, 0);
  return found;
}


/**
 * Links never change once learnt (a child or a request belongs to one family): within one unit of
 * work, a link already written is not written again. Kept per unit and commune (the unit's commune
 * view is one object per unit), so a unit rolled back forgets it too.
 */
const linksWritten = new WeakMap<CommuneUnitOfWork, Map<string, string>>();

const linkable = (subject: string) => subject.startsWith('child:') || subject.startsWith('request:');

async function index(event: RecordedEvent, uow: CommuneUnitOfWork): Promise<void> {
  const named = subjectsNamedIn(event.data);
  if (named.size === 0) return;
  const links = uow.collection<AuditLink>(AUDIT_LINKS);
  const families = [...named].filter((s) => s.startsWith('family:'));
  const subjects = new Set(named);
  let written = linksWritten.get(uow);
  if (!written) linksWritten.set(uow, (written = new Map()));
  if (families.length === 1) {
    // A lone family gives children and requests named with it their family, for later events that name only them.
    for (const subject of named) {
      if (!linkable(subject) || written.get(subject) === families[0]) continue;
      await links.upsert({ _id: subject, family: families[0] });
      written.set(subject, families[0]);
    }
  } else if (families.length === 0) {
    for (const subject of named) {
      if (!linkable(subject)) continue;
      const link = await links.get(subject);
      if (link) subjects.add(link.family);
    }
  }
  const { actor, channel, communeId, occurredAt } = event.metadata;
  const common = {
    communeId,
    position: event.position,
    eventId: event.id,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    occurredAt,
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name ?? null,
    channel: channel ?? null,
  };
  const empty = { family: null, child: null, request: null, invoice: null, other: null, extraOf: null };
  const primary: Record<string, string | null> = { ...empty };
  const extras: Array<{ kind: AuditSubjectKind; field: string; value: string }> = [];
  for (const subject of [...subjects].sort()) {
    const split = subject.indexOf(':');
    const kind = subject.slice(0, split) as AuditSubjectKind;
    const { field, value } = auditKey(kind, subject.slice(split + 1));
    if (primary[field] === null) primary[field] = value;
    else extras.push({ kind, field, value });
  }
  // Written once, never read back while projecting: appended.
  const entries = uow.collection<AuditEntry>(AUDIT_INDEX);
  await entries.append({ _id: event.id, ...(primary as typeof empty), ...common });
  for (const { kind, field, value } of extras) {
    await entries.append({ _id: `${event.id}|${field}:${value}`, ...empty, family: primary.family, [field]: value, extraOf: kind, ...common });
  }
}

/** Right to erasure: the guardians' names kept for display go; ids, types and dates stay for the accounts. */
async function forgetFamily(event: RecordedEvent, uow: CommuneUnitOfWork): Promise<void> {
  const { familyId, accountIds = [] } = event.data as { familyId: string; accountIds?: string[] };
  const entries = uow.collection<AuditEntry>(AUDIT_INDEX);
  for (const entry of await entries.find({ family: familyId, actorKind: 'guardian' })) {
    if (entry.actorName !== null) await entries.upsert({ ...entry, actorName: null });
  }
  for (const accountId of accountIds) {
    for (const entry of await entries.find({ actorId: accountId })) {
      if (entry.actorName !== null) await entries.upsert({ ...entry, actorName: null });
    }
  }
}

/**
 * The runner looks handlers up by event type; the audit index wants every type, present and
 * future, so its handler map answers for any type.
 */
function everyEventType(handler: ProjectionHandler, specific: Record<string, ProjectionHandler>): Record<string, ProjectionHandler> {
  return new Proxy(specific, {
    get: (target, type) => (typeof type !== 'string' ? undefined : target[type] ?? handler),
    has: () => true,
  });
}

export const AUDIT_PROJECTION = 'audit';

export const auditProjection = projection(
  AUDIT_PROJECTION,
  // 4: extra entries keep their family and say which kind they stand for; children and requests found through their family.
  // 5: entries and links kept per commune.
  5,
  [
    {
      name: AUDIT_INDEX,
      // Filters on type, dates or actor scan one family's entries in position order. Children and
      // requests have no index of their own: a random id per entry in three indexes was most of
      // the cost of catching up on this read model.
      indexes: [{ fields: ['family', 'position'] }, { fields: ['invoice', 'position'] }, { fields: ['other', 'position'] }, { fields: ['actorId'] }],
    },
    { name: AUDIT_LINKS },
  ],
  everyEventType(index, {
    FamilyErased: async (event, uow) => {
      await index(event, uow);
      await forgetFamily(event, uow);
    },
  }),
);

import { DateTime } from 'luxon';
import { invalid, notFound } from '@pf/domain';
import type { EventStore, RecordedEvent } from '@pf/event-store';
import type { CommuneReads, Filter } from '@pf/read-store';
import { ACTOR_KIND_LABELS } from '@pf/requests';
import { AUDIT_INDEX, AUDIT_LINKS, auditKey, type AuditEntry, type AuditLink, type AuditSubjectKind } from './audit.projection';

export interface AuditFilters {
  /** One type or several. */
  types?: string[];
  /** 'YYYY-MM-DD' (whole days in the commune's zone) or an ISO instant. */
  from?: string;
  to?: string;
  actorKind?: string;
  actorId?: string;
}

export interface AuditItem {
  position: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { kind: string; id: string; name: string | null };
  actorLabel: string;
  channel: string | null;
  streamId: string;
  correlationId: string | null;
  causationId: string | null;
  /** The event's data as the store gives it (personal data erased reads as blank). */
  data: unknown;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day is taken whole in the commune's zone; an instant as it is. */
function bound(value: string, end: boolean, timeZone: string, field: string): string {
  const parsed = DAY.test(value) ? DateTime.fromISO(value, { zone: timeZone }) : DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) {
    throw invalid('DATE_INVALID', 'Date invalide : utilisez AAAA-MM-JJ ou un instant ISO 8601.', [{ field, code: 'DATE_INVALID', message: 'Date invalide.' }]);
  }
  const instant = DAY.test(value) ? (end ? parsed.endOf('day') : parsed.startOf('day')) : parsed;
  return instant.toUTC().toJSDate().toISOString();
}

/** One commune's audit: every subject is looked up among that commune's entries only. */
export class AuditQuery {
  constructor(
    private readonly reads: CommuneReads,
    private readonly events: EventStore,
  ) {}

  /**
   * Where a subject's history is: a family's entries (not the extra ones standing for another of
   * its children or requests); a child's or a request's among its family's (learnt from the links),
   * or, for one whose family was never named, wherever it is named; an invoice, a payment or a
   * news item by its own field. One filter, or two whose entries never overlap; within each, a
   * position names one entry at most (an event's entries name different subjects of a kind).
   */
  async subjectFilter(kind: AuditSubjectKind, id: string): Promise<Filter[]> {
    if (kind === 'family') return [{ family: id, extraOf: { $in: [null, 'family'] } }];
    if (kind === 'child' || kind === 'request') {
      const link = await this.reads.collection<AuditLink>(AUDIT_LINKS).get(`${kind}:${id}`);
      if (!link) return [{ [kind]: id }];
      // Its family's entries, and those written before the family was learnt (they have none). Two
      // filters rather than `family: { $in: [familyId, null] }`: each follows the index on commune,
      // family and position, where that `$in` with null scans the commune's whole index.
      return [{ family: link.family.slice('family:'.length), [kind]: id }, { family: null, [kind]: id }];
    }
    const key = auditKey(kind, id);
    return [{ [key.field]: key.value }];
  }

  /** A subject's entries (its subjectFilter) narrowed by the filters asked for. */
  filterFor(subject: Filter[], filters: AuditFilters, timeZone: string): Filter[] {
    const narrowed: Filter = {};
    if (filters.types?.length) narrowed.type = filters.types.length === 1 ? filters.types[0] : { $in: filters.types };
    const range: { $gte?: string; $lte?: string } = {};
    if (filters.from) range.$gte = bound(filters.from, false, timeZone, 'from');
    if (filters.to) range.$lte = bound(filters.to, true, timeZone, 'to');
    if (range.$gte && range.$lte && range.$gte > range.$lte) {
      throw invalid('RANGE_INVALID', 'La période doit aller du plus ancien au plus récent.');
    }
    if (range.$gte || range.$lte) narrowed.occurredAt = range;
    if (filters.actorKind) narrowed.actorKind = filters.actorKind;
    if (filters.actorId) narrowed.actorId = filters.actorId;
    return subject.map((filter) => ({ ...filter, ...narrowed }));
  }

  /** 404 unless the subject has history in this commune: ids of other communes cannot be probed. */
  async assertKnown(subject: Filter[]): Promise<void> {
    const entries = this.reads.collection<AuditEntry>(AUDIT_INDEX);
    const known = (await Promise.all(subject.map((filter) => entries.count(filter)))).reduce((a, b) => a + b, 0);
    if (known === 0) throw notFound('AUDIT_SUBJECT_NOT_FOUND', 'Aucun historique pour cet élément dans votre commune.');
  }

  async page(filters: Filter[], limit: number, offset: number, order: 1 | -1 = 1): Promise<{ total: number; items: AuditItem[] }> {
    const entries = this.reads.collection<AuditEntry>(AUDIT_INDEX);
    const [counts, found] = await Promise.all([Promise.all(filters.map((filter) => entries.count(filter))), this.entries(filters, limit, offset, order)]);
    return { total: counts.reduce((a, b) => a + b, 0), items: await Promise.all(found.map((e) => this.item(e))) };
  }

  /** Every matching entry in position order, page by page after the last position seen (for exports). */
  async *all(filters: Filter[], pageSize = 500): AsyncGenerator<AuditItem> {
    for (let after = -1; ; ) {
      const found = await this.entries(filters.map((filter) => ({ ...filter, position: { $gt: after } })), pageSize, 0, 1);
      for (const entry of found) yield await this.item(entry);
      if (found.length < pageSize) return;
      after = found[found.length - 1].position;
    }
  }

  /** One page of the entries the filters match together, in position order. */
  private async entries(filters: Filter[], limit: number, offset: number, order: 1 | -1): Promise<AuditEntry[]> {
    const entries = this.reads.collection<AuditEntry>(AUDIT_INDEX);
    const sort = { position: order };
    if (filters.length === 1) return entries.find(filters[0], { sort, limit, skip: offset });
    // Two lists that never share a position: merge their heads.
    const lists = await Promise.all(filters.map((filter) => entries.find(filter, { sort, limit: offset + limit })));
    return lists
      .flat()
      .sort((a, b) => order * (a.position - b.position))
      .slice(offset, offset + limit);
  }

  private async item(entry: AuditEntry): Promise<AuditItem> {
    const [event] = await this.events.readStream(entry.streamId, { fromRevision: entry.revision, limit: 1 });
    const found: RecordedEvent | undefined = event && event.id === entry.eventId ? event : undefined;
    return {
      position: entry.position,
      eventId: entry.eventId,
      type: entry.type,
      occurredAt: entry.occurredAt,
      actor: { kind: entry.actorKind, id: entry.actorId, name: entry.actorName },
      actorLabel: ACTOR_KIND_LABELS[entry.actorKind] ?? entry.actorKind,
      channel: entry.channel,
      streamId: entry.streamId,
      correlationId: found?.metadata.correlationId ?? null,
      causationId: found?.metadata.causationId ?? null,
      data: found?.data ?? null,
    };
  }
}

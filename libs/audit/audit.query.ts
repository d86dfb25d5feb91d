import { DateTime } from 'luxon';
import { invalid, notFound } from '@pf/domain';
import type { EventStore, RecordedEvent } from '@pf/event-store';
import type { Filter, ReadStore } from '@pf/read-store';
import { ACTOR_KIND_LABELS } from '../requests/request-steps';
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

export class AuditQuery {
  constructor(
    private readonly reads: ReadStore,
    private readonly events: EventStore,
  ) {}

  /**
   * Where a subject's history is: a family's entries (not the extra ones standing for another of
   * its children or requests); a child's or a request's among its family's (learnt from the links),
   * or, for one whose family was never named, wherever it is named; an invoice, a payment or a
   * news item by its own field.
   */
  async subjectFilter(communeId: string, kind: AuditSubjectKind, id: string): Promise<Filter> {
    if (kind === 'family') return { family: id, extraOf: { $in: [null, 'family'] }, communeId };
    if (kind === 'child' || kind === 'request') {
      const link = await this.reads.collection<AuditLink>(AUDIT_LINKS).get(`${kind}:${id}`);
      if (!link) return { [kind]: id, communeId };
      // Entries written before the family was learnt have none.
      return { family: { $in: [link.family.slice('family:'.length), null] }, [kind]: id, communeId };
    }
    const key = auditKey(kind, id);
    return { [key.field]: key.value, communeId };
  }

  /** A subject's entries (its subjectFilter) narrowed by the filters asked for. */
  filterFor(subject: Filter, filters: AuditFilters, timeZone: string): Filter {
    const filter: Filter = { ...subject };
    if (filters.types?.length) filter.type = filters.types.length === 1 ? filters.types[0] : { $in: filters.types };
    const range: { $gte?: string; $lte?: string } = {};
    if (filters.from) range.$gte = bound(filters.from, false, timeZone, 'from');
    if (filters.to) range.$lte = bound(filters.to, true, timeZone, 'to');
    if (range.$gte && range.$lte && range.$gte > range.$lte) {
      throw invalid('RANGE_INVALID', 'La période doit aller du plus ancien au plus récent.');
    }
    if (range.$gte || range.$lte) filter.occurredAt = range;
    if (filters.actorKind) filter.actorKind = filters.actorKind;
    if (filters.actorId) filter.actorId = filters.actorId;
    return filter;
  }

  /** 404 unless the subject has history in this commune: ids of other communes cannot be probed. */
  async assertKnown(subject: Filter): Promise<void> {
    const known = await this.reads.collection<AuditEntry>(AUDIT_INDEX).count(subject);
    if (known === 0) throw notFound('AUDIT_SUBJECT_NOT_FOUND', 'Aucun historique pour cet élément dans votre commune.');
  }

  async page(filter: Filter, limit: number, offset: number, order: 1 | -1 = 1): Promise<{ total: number; items: AuditItem[] }> {
    const entries = this.reads.collection<AuditEntry>(AUDIT_INDEX);
    const [total, found] = await Promise.all([entries.count(filter), entries.find(filter, { sort: { position: order }, limit, skip: offset })]);
    return { total, items: await Promise.all(found.map((e) => this.item(e))) };
  }

  /** Every matching entry in position order, page by page (for exports). */
  async *all(filter: Filter, pageSize = 500): AsyncGenerator<AuditItem> {
    for (let offset = 0; ; offset += pageSize) {
      const { items } = await this.page(filter, pageSize, offset);
      yield* items;
      if (items.length < pageSize) return;
    }
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

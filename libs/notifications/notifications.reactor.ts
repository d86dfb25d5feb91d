import type { EventStore, EventSubscription, RecordedEvent } from '@pf/event-store';
import type { MailToSend } from '@pf/mail';
import type { ProjectionRunner } from '@pf/projections';
import { deploymentCollection, type Document, type ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { FAMILIES, type FamilyDocument } from '@pf/families';
import type { RequestNames, RequestStep, RequestStepMapper, RequestSteps } from '@pf/requests';
import { REQUEST_NAMES, REQUESTS, type RequestDocument } from '@pf/requests';
import { requestRecipients } from './recipients';
import { decisionMail, receiptMail, type RequestMailContext } from './request-mails';

/** Reactors keep their own checkpoints, apart from the projections': a rebuild never touches them. Deployment-wide: one checkpoint per reactor. */
export const REACTOR_CHECKPOINTS = deploymentCollection('reactor_checkpoints');
const NAME = 'request-notifications';

interface ReactorCheckpoint extends Document {
  position: number;
}

export interface MailQueue {
  /** Idempotent by `dedupeKey`: true when queued now, false when already known. */
  enqueue(mail: MailToSend): Promise<boolean>;
}

export interface NotificationsOptions {
  /** Absolute link to a path of the portal. */
  link: (path: string) => string;
  log?: (message: string) => void;
  /** Pause before trying again after a failure (doubles up to 30 s). */
  retryDelayMs?: number;
}

/**
 * Mails parents about their requests: one on receipt, one on each decision or answer. A reactor,
 * not a projection: it follows the event log from its own checkpoint and never starts again from
 * the first event, and every mail is keyed by the id of the event that caused it (and the
 * recipient), so neither a replay nor a rebuild sends a mail twice; the mail outbox retries
 * delivery with back-off when the mail server is down.
 */
export class NotificationsReactor {
  private readonly mappers = new Map<string, RequestStepMapper[]>();
  private subscription?: EventSubscription;
  private loop?: Promise<void>;
  private stopping = false;
  checkpoint = 0;
  queued = 0;

  constructor(
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    private readonly projections: Pick<ProjectionRunner, 'waitFor'>,
    private readonly mails: MailQueue,
    steps: RequestSteps[],
    private readonly options: NotificationsOptions,
  ) {
    for (const map of steps) for (const [type, mapper] of Object.entries(map)) this.mappers.set(type, [...(this.mappers.get(type) ?? []), mapper]);
  }

  async start(): Promise<void> {
    await this.reads.ensureCollection({ name: REACTOR_CHECKPOINTS });
    const stored = await this.reads.collection<ReactorCheckpoint>(REACTOR_CHECKPOINTS).get(NAME);
    if (stored) {
      this.checkpoint = stored.position;
    } else {
      // First start on a store that already has history: mail what happens from now on, not the past.
      this.checkpoint = await this.events.headPosition();
      await this.save(this.checkpoint);
    }
    this.stopping = false;
    this.subscription = this.events.subscribeToAll({ after: this.checkpoint });
    this.loop = this.run(this.subscription);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.close();
    await this.loop;
  }

  private async run(subscription: EventSubscription): Promise<void> {
    let delay = this.options.retryDelayMs ?? 200;
    for await (const event of subscription) {
      if (this.stopping) return;
      for (;;) {
        try {
          if (this.mappers.has(event.type)) {
            await this.react(event);
            await this.save(event.position);
          }
          this.checkpoint = event.position;
          delay = this.options.retryDelayMs ?? 200;
          break;
        } catch (error) {
          // Never skip an event: a mail delayed is better than a mail lost.
          this.options.log?.(`notifications stalled at position ${event.position}: ${error instanceof Error ? error.message : String(error)}`);
          if (this.stopping) return;
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 30_000);
        }
      }
    }
  }

  private async react(event: RecordedEvent): Promise<void> {
    const names = this.names(event.metadata.communeId);
    const steps: RequestStep[] = [];
    for (const mapper of this.mappers.get(event.type) ?? []) steps.push(...(await mapper(event, names)));
    const byRequest = new Map<string, RequestStep[]>();
    for (const step of steps) {
      if (!step.opened && !step.notifiesFamily) continue;
      byRequest.set(step.requestId, [...(byRequest.get(step.requestId) ?? []), step]);
    }
    if (byRequest.size === 0) return;
    // The request's reference and description come from the requests read model: wait until it has this event.
    while (!(await this.projections.waitFor(event.position, 5000))) {
      if (this.stopping) throw new Error('stopping');
    }
    for (const [requestId, requestSteps] of byRequest) await this.mailFor(event, requestId, requestSteps);
  }

  /** The request, its family and its commune are the event's commune's. */
  private async mailFor(event: RecordedEvent, requestId: string, steps: RequestStep[]): Promise<void> {
    const { communeId } = event.metadata;
    const reads = this.reads.inCommune(communeId);
    const request = await reads.collection<RequestDocument>(REQUESTS).get(requestId);
    if (!request) return;
    const family = await reads.collection<FamilyDocument>(FAMILIES).get(request.familyId);
    if (!family) return;
    const recipients = requestRecipients(family);
    if (recipients.length === 0) return;
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(communeId);
    const ctx: RequestMailContext = {
      reference: request.reference,
      description: request.description,
      status: [...steps].reverse().find((s) => s.status)?.status ?? (steps.some((s) => s.opened) && !steps.some((s) => s.notifiesFamily) ? 'pending' : request.status),
      submittedAt: request.submittedAt,
      timeZone: commune?.timeZone ?? 'Europe/Paris',
      serviceName: commune?.serviceName ?? 'Le service enfance',
      // The request's own page in the client (« Mes demandes » › the request).
      requestsUrl: this.options.link(`/demandes/${encodeURIComponent(requestId)}`),
    };
    const mails = [
      ...(steps.some((s) => s.opened) ? [{ kind: 'receipt', mail: receiptMail({ ...ctx, status: 'pending' }) }] : []),
      ...(steps.some((s) => s.notifiesFamily) ? [{ kind: 'decision', mail: decisionMail(ctx, steps.filter((s) => !s.opened)) }] : []),
    ];
    for (const { kind, mail } of mails) {
      for (const recipient of recipients) {
        const queued = await this.mails.enqueue({
          communeId,
          dedupeKey: `request-${kind}:${event.id}:${requestId}:${recipient.guardianId}`,
          to: recipient.email,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          dataSubject: `family:${request.familyId}`,
        });
        if (queued) this.queued++;
      }
    }
  }

  private names(communeId: string): RequestNames {
    const col = this.reads.inCommune(communeId).collection<Document & { name: string }>(REQUEST_NAMES);
    return {
      child: async (id) => (await col.get(`child:${id}`))?.name ?? 'enfant',
      activity: async (id) => (await col.get(`activity:${id}`))?.name ?? 'activité',
    };
  }

  private async save(position: number): Promise<void> {
    await this.reads.unitOfWork((uow) => uow.collection<ReactorCheckpoint>(REACTOR_CHECKPOINTS).upsert({ _id: NAME, position }));
  }
}

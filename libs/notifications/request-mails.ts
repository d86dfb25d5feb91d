import { DateTime } from 'luxon';
import { frenchMail, type RenderedMail } from '@pf/mail';
import { REQUEST_STATUS_LABELS, type RequestStatus, type RequestStep } from '@pf/requests';

export interface RequestMailContext {
  reference: string;
  description: string;
  /** The request's status once this step applied. */
  status: RequestStatus;
  submittedAt: string;
  timeZone: string;
  serviceName: string;
  requestsUrl: string;
}

export interface RequestMail extends RenderedMail {
  subject: string;
}

const at = (instant: string, zone: string) => DateTime.fromISO(instant).setZone(zone).toFormat("dd/LL/yyyy 'à' HH'h'mm");

/** "Nous avons bien reçu votre demande". */
export function receiptMail(ctx: RequestMailContext): RequestMail {
  return {
    subject: `Demande ${ctx.reference} bien reçue`,
    ...frenchMail({
      paragraphs: [
        `Nous avons bien reçu votre demande ${ctx.reference} du ${at(ctx.submittedAt, ctx.timeZone)} : ${ctx.description}.`,
        'Vous recevrez un autre message dès qu’elle sera traitée.',
      ],
      action: { label: 'Suivre mes demandes', url: ctx.requestsUrl },
      signature: ctx.serviceName,
    }),
  };
}

const DECISION_SUBJECTS: Partial<Record<RequestStatus, string>> = {
  accepted: 'acceptée',
  partially_accepted: 'acceptée en partie',
  refused: 'refusée',
  waitlisted: "en liste d'attente",
  cancelled: 'annulée',
};

/** A decision (accepted, refused with its reason, waiting list, promoted…) or an answer of the service. */
export function decisionMail(ctx: RequestMailContext, steps: RequestStep[]): RequestMail {
  const message = steps.find((s) => s.message?.from === 'staff')?.message;
  const labels = steps.filter((s) => !s.silent && s.label).map((s) => s.label);
  const reason = steps.find((s) => s.reason)?.reason;
  const subject = message
    ? `Réponse du service à votre message ${ctx.reference}`
    : DECISION_SUBJECTS[ctx.status]
      ? `Demande ${ctx.reference} ${DECISION_SUBJECTS[ctx.status]}`
      : `Votre demande ${ctx.reference} a évolué`;
  const paragraphs = [
    `Votre demande ${ctx.reference} : ${ctx.description}.`,
    ...(labels.length ? [`${labels.join('. ')}.`] : []),
    ...(reason && reason.code !== 'STAFF_MESSAGE' ? [`Motif : ${reason.text}`] : []),
    ...(reason && reason.code === 'STAFF_MESSAGE' ? [`Message du service : « ${reason.text} »`] : []),
    ...(message ? [`Message du service : « ${message.text} »`] : []),
    `Statut de la demande : ${REQUEST_STATUS_LABELS[ctx.status] ?? ctx.status}.`,
  ];
  return { subject, ...frenchMail({ paragraphs, action: { label: 'Voir la demande', url: ctx.requestsUrl }, signature: ctx.serviceName }) };
}

import type { RequestNames, RequestSteps } from '@pf/requests';
import { ATTESTATION_KIND_LABELS, type AttestationEvent } from './attestation.events';

type Data<T extends AttestationEvent['type']> = Extract<AttestationEvent, { type: T }>['data'];

const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** « Attestation de présence — Léa — du 01/09/2026 au 30/11/2026 », « Attestation de paiement — toute la famille — année 2025 ». */
export async function attestationDescription(d: Data<'AttestationRequested'>, names: RequestNames): Promise<string> {
  const parts = [ATTESTATION_KIND_LABELS[d.kind] ?? 'Attestation', d.childId ? await names.child(d.childId) : 'toute la famille'];
  if (d.kind === 'presence' && d.from && d.to) parts.push(`du ${frenchDate(d.from)} au ${frenchDate(d.to)}`);
  if (d.kind === 'payment' && d.year) parts.push(`année ${d.year}`);
  return parts.join(' — ');
}

/** An attestation request in « Mes demandes »: received, then issued (to download) or refused with the service's message. */
export const attestationRequestSteps: RequestSteps = {
  AttestationRequested: async (event, names) => {
    const d = event.data as Data<'AttestationRequested'>;
    return [
      {
        requestId: d.requestId,
        familyId: d.familyId,
        opened: { kind: 'certificate', description: await attestationDescription(d, names) },
        label: 'Demande d’attestation reçue',
        ...(d.message ? { message: { from: 'family' as const, text: d.message } } : {}),
      },
    ];
  },
  AttestationIssued: (event) => {
    const d = event.data as Data<'AttestationIssued'>;
    return [{ requestId: d.requestId, familyId: d.familyId, status: 'accepted', label: 'Attestation émise : elle se télécharge depuis la demande', notifiesFamily: true }];
  },
  AttestationRefused: (event) => {
    const d = event.data as Data<'AttestationRefused'>;
    return [{ requestId: d.requestId, familyId: d.familyId, status: 'refused', label: 'Demande d’attestation refusée', reason: { code: 'REFUSED_BY_STAFF', text: d.reason }, notifiesFamily: true }];
  },
};

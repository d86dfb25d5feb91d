import { conflict, invalid, notFound } from '@pf/domain';
import type { IntegratorKeyEvent, IntegratorKeyIssuance } from './integrator-key.events';
import { isIntegratorScope } from './scopes';

export interface IntegratorKeyState {
  status: 'none' | 'active' | 'revoked';
}

export const initialIntegratorKeyState: IntegratorKeyState = { status: 'none' };

export function evolveIntegratorKey(state: IntegratorKeyState, event: IntegratorKeyEvent): IntegratorKeyState {
  switch (event.type) {
    case 'IntegratorKeyIssued':
      return { status: 'active' };
    case 'IntegratorKeyRevoked':
      return { status: 'revoked' };
  }
}

export function decideIssueIntegratorKey(issuance: IntegratorKeyIssuance, state: IntegratorKeyState): IntegratorKeyEvent[] {
  if (state.status !== 'none') throw conflict('INTEGRATOR_KEY_ALREADY_ISSUED', 'Cette clé a déjà été émise.');
  if (!isIntegratorScope(issuance.scope)) throw invalid('SCOPE_UNKNOWN', 'Ce périmètre d’accès n’existe pas.');
  const label = issuance.label.trim();
  if (label.length < 1 || label.length > 80) throw invalid('LABEL_INVALID', 'Le libellé doit compter de 1 à 80 caractères.');
  if (!/^[0-9a-f]{64}$/.test(issuance.keyHash)) throw invalid('KEY_HASH_INVALID', 'Empreinte de clé invalide.');
  return [{ type: 'IntegratorKeyIssued', data: { ...issuance, label } }];
}

export function decideRevokeIntegratorKey(target: { keyId: string; communeId: string }, state: IntegratorKeyState): IntegratorKeyEvent[] {
  if (state.status === 'none') throw notFound('INTEGRATOR_KEY_NOT_FOUND', 'Clé d’intégration introuvable.');
  if (state.status === 'revoked') throw conflict('INTEGRATOR_KEY_ALREADY_REVOKED', 'Cette clé est déjà révoquée.');
  return [{ type: 'IntegratorKeyRevoked', data: target }];
}

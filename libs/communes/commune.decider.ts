import { conflict, invalid } from '@pf/domain';
import type { CommuneEvent, CommuneProfile } from './commune.events';

export interface CommuneState {
  registered: boolean;
}

export const initialCommuneState: CommuneState = { registered: false };

export function evolveCommune(state: CommuneState, event: CommuneEvent): CommuneState {
  switch (event.type) {
    case 'CommuneRegistered':
      return { registered: true };
  }
}

/** What the deployment already holds that a new commune must not share (read by the handler). */
export interface RegisterCommuneContext {
  /** The commune whose subscriber codes already start with this prefix, if any. */
  prefixHeldBy?: string | null;
}

/**
 * Registers a commune. Its id and its subscriber-code prefix are its own in the deployment: codes
 * are looked up at sign-up before the commune is known, so two communes sharing a prefix could
 * draw the same code.
 */
export function decideRegisterCommune(profile: CommuneProfile, state: CommuneState, context: RegisterCommuneContext = {}): CommuneEvent[] {
  if (state.registered) throw conflict('COMMUNE_ALREADY_REGISTERED', 'Cette commune est déjà enregistrée.');
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(profile.communeId)) {
    throw invalid('COMMUNE_ID_INVALID', "L'identifiant de la commune ne doit contenir que des minuscules, des chiffres et des tirets.");
  }
  if (!/^[A-Z]{2,6}$/.test(profile.subscriberCodePrefix)) {
    throw invalid('SUBSCRIBER_CODE_PREFIX_INVALID', 'Le préfixe des codes abonnés doit compter de 2 à 6 lettres majuscules.');
  }
  if (context.prefixHeldBy && context.prefixHeldBy !== profile.communeId) {
    throw conflict('SUBSCRIBER_CODE_PREFIX_TAKEN', "Ce préfixe de codes abonnés est déjà celui d'une autre commune.");
  }
  return [{ type: 'CommuneRegistered', data: profile }];
}

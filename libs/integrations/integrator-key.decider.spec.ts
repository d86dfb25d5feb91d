import { DomainError } from '@pf/domain';
import {
  decideIssueIntegratorKey,
  decideRevokeIntegratorKey,
  evolveIntegratorKey,
  initialIntegratorKeyState,
  type IntegratorKeyState,
} from './integrator-key.decider';
import type { IntegratorKeyEvent, IntegratorKeyIssuance } from './integrator-key.events';

const issuance: IntegratorKeyIssuance = {
  keyId: '2f7e1c3a-9b8d-5e4f-a1b2-c3d4e5f6a7b8',
  communeId: 'saint-hilaire-du-bois',
  label: 'Logiciel comptable',
  scope: 'accounting',
  keyHash: 'a'.repeat(64),
  keyPrefix: 'pfk_AbCdEfGh',
};
const given = (...events: IntegratorKeyEvent[]): IntegratorKeyState => events.reduce(evolveIntegratorKey, initialIntegratorKeyState);
const issued: IntegratorKeyEvent = { type: 'IntegratorKeyIssued', data: issuance };
const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
  return 'no error';
};

describe('integrator keys', () => {
  it('issues a key for a scope, storing only its hash', () => {
    expect(decideIssueIntegratorKey({ ...issuance, label: '  Logiciel comptable ' }, given())).toEqual([issued]);
  });

  it('refuses a scope that does not exist', () => {
    expect(code(() => decideIssueIntegratorKey({ ...issuance, scope: 'everything' as never }, given()))).toBe('SCOPE_UNKNOWN');
  });

  it('refuses an empty label', () => {
    expect(code(() => decideIssueIntegratorKey({ ...issuance, label: '   ' }, given()))).toBe('LABEL_INVALID');
  });

  it('revokes an active key', () => {
    expect(decideRevokeIntegratorKey({ keyId: issuance.keyId, communeId: issuance.communeId }, given(issued))).toEqual([
      { type: 'IntegratorKeyRevoked', data: { keyId: issuance.keyId, communeId: issuance.communeId } },
    ]);
  });

  it('says so when the key is already revoked, and when it does not exist', () => {
    const revoked: IntegratorKeyEvent = { type: 'IntegratorKeyRevoked', data: { keyId: issuance.keyId, communeId: issuance.communeId } };
    expect(code(() => decideRevokeIntegratorKey(issuance, given(issued, revoked)))).toBe('INTEGRATOR_KEY_ALREADY_REVOKED');
    expect(code(() => decideRevokeIntegratorKey(issuance, given()))).toBe('INTEGRATOR_KEY_NOT_FOUND');
  });
});

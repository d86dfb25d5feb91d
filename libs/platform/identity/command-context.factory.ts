import type { CommandContext } from '@pf/event-sourcing';
import type { SessionUser } from './session';

/** Stamps a command with who asks, for which commune, from which channel, and when. */
export function contextFor(user: SessionUser, now: string, requestId?: string): CommandContext {
  return {
    communeId: user.communeId,
    actor: { kind: user.role, id: user.accountId, name: user.displayName },
    channel: user.role === 'guardian' ? 'web' : user.role === 'integrator' ? 'api' : 'back-office',
    requestId,
    now,
  };
}

import { createHash, randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { conflict, notFound } from '@pf/domain';
import { EventSourcedStreams, idFromRequest, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import {
  decideIssueIntegratorKey,
  decideRevokeIntegratorKey,
  evolveIntegratorKey,
  initialIntegratorKeyState,
  type IntegratorKeyState,
} from './integrator-key.decider';
import { integratorKeyStream, type IntegratorKeyEvent } from './integrator-key.events';
import { INTEGRATOR_KEYS, type IntegratorKeyDocument } from './integrations.projection';
import type { IntegratorScope } from './scopes';

export const API_KEY_PREFIX = 'pfk_';
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export class IssueIntegratorKeyCommand {
  constructor(readonly input: { label: string; scope: IntegratorScope }, readonly ctx: CommandContext & { requestId: string }) {}
}

export interface IssuedIntegratorKey {
  keyId: string;
  /** Shown this once: only its hash is kept. */
  key: string;
  keyPrefix: string;
  label: string;
  scope: IntegratorScope;
  position: number;
}

/** Staff issue a key for one of the commune's software, with one scope. */
@CommandHandler(IssueIntegratorKeyCommand)
export class IssueIntegratorKeyHandler implements ICommandHandler<IssueIntegratorKeyCommand, IssuedIntegratorKey> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ input, ctx }: IssueIntegratorKeyCommand): Promise<IssuedIntegratorKey> {
    const keyId = idFromRequest(ctx, 'integrator-key');
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const keyPrefix = key.slice(0, API_KEY_PREFIX.length + 8);
    const outcome = await this.streams.handle<IntegratorKeyState, IntegratorKeyEvent>(
      {
        streamId: integratorKeyStream(ctx.communeId, keyId),
        initialState: initialIntegratorKeyState,
        evolve: evolveIntegratorKey,
        decide: (state) =>
          decideIssueIntegratorKey({ keyId, communeId: ctx.communeId, label: input.label, scope: input.scope, keyHash: hashApiKey(key), keyPrefix }, state),
      },
      ctx,
    );
    if (outcome.replayed) {
      // The key was generated and shown by the first request; it cannot be shown again.
      throw conflict(
        'INTEGRATOR_KEY_ALREADY_SHOWN',
        'Cette clé a déjà été émise et n’est affichée qu’une fois : si elle a été perdue, révoquez-la et émettez-en une nouvelle.',
      );
    }
    return { keyId, key, keyPrefix, label: input.label.trim(), scope: input.scope, position: outcome.position };
  }
}

export class RevokeIntegratorKeyCommand {
  constructor(readonly keyId: string, readonly ctx: CommandContext) {}
}

@CommandHandler(RevokeIntegratorKeyCommand)
export class RevokeIntegratorKeyHandler implements ICommandHandler<RevokeIntegratorKeyCommand, { position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ keyId, ctx }: RevokeIntegratorKeyCommand) {
    const key = await this.reads.inCommune(ctx.communeId).collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).get(keyId);
    if (!key) throw notFound('INTEGRATOR_KEY_NOT_FOUND', 'Clé d’intégration introuvable.');
    const outcome = await this.streams.handle<IntegratorKeyState, IntegratorKeyEvent>(
      {
        streamId: integratorKeyStream(ctx.communeId, keyId),
        initialState: initialIntegratorKeyState,
        evolve: evolveIntegratorKey,
        decide: (state) => decideRevokeIntegratorKey({ keyId, communeId: ctx.communeId }, state),
      },
      ctx,
    );
    return { position: outcome.position };
  }
}

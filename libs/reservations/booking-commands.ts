import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Clock } from '@pf/domain';
import { CLOCK } from '@pf/event-sourcing';
import { contextFor, type SessionUser } from '@pf/identity';
import { ProjectionRunner } from '@pf/projections';
import { BOOKING_READ_MODELS } from './planning.projection';

/**
 * How the planning's controllers send a command: with the caller's context, and answered once the
 * planning and « Mes demandes » hold its events (what the answer and the next screen read).
 */
@Injectable()
export class BookingCommands {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A preview's context. */
  context(user: SessionUser) {
    return contextFor(user, this.clock.now());
  }

  /** A request's context, with the request id the client retries with. */
  request(user: SessionUser, requestId: string) {
    return { ...contextFor(user, this.clock.now(), requestId), requestId };
  }

  /** A preview decides nothing: answered at once. */
  preview<R>(command: object): Promise<R> {
    return this.commands.execute<object, R>(command);
  }

  async answer<R extends { position: number }>(command: object): Promise<Omit<R, 'position'>> {
    const result = await this.commands.execute<object, R>(command);
    await this.projections.waitFor(result.position, undefined, BOOKING_READ_MODELS);
    const { position: _position, ...response } = result;
    return response;
  }
}

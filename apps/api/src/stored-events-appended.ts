import type { IEvent } from '@nestjs/cqrs';
import type { RecordedEvent } from '@pf/event-store';

/** Published on the in-process EventBus once events are safely in the store. */
export class StoredEventsAppended implements IEvent {
  constructor(readonly streamId: string, readonly events: RecordedEvent[]) {}
}

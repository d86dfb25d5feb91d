import { Controller, Get, Inject } from '@nestjs/common';
import { READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { CurrentUser, Roles } from '../accounts/access';
import type { SessionUser } from '../accounts/session';
import { describeDeadlineRule } from '../reservations/deadline-rules';
import { ACTIVITIES, type ActivityDocument } from './activities.projection';

@Controller('api/activities')
export class ActivitiesController {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  @Get()
  @Roles('guardian', 'staff', 'admin')
  async list(@CurrentUser() user: SessionUser) {
    const activities = await this.reads.collection<ActivityDocument>(ACTIVITIES).find({ communeId: user.communeId }, { sort: { name: 1 } });
    return {
      items: activities.map((a) => ({
        activityId: a._id,
        name: a.name,
        kind: a.kind,
        facilityName: a.facilityName,
        startTime: a.startTime,
        endTime: a.endTime,
        capacity: a.capacity,
        deadlineText: `Réservation ${describeDeadlineRule(a.deadline)}`,
      })),
    };
  }
}

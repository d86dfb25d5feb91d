import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { invalid } from '@pf/domain';
import { READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { CurrentUser, Roles } from '../accounts/access';
import type { SessionUser } from '../accounts/session';
import { familyVisibleTo } from '../families/family-access';
import { REQUEST_STATUS_LABELS } from './request-steps';
import { REQUESTS, type RequestDocument } from './requests.projection';

const positiveInt = (value: string | undefined, fallback: number, max: number, field: string) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw invalid('PAGINATION_INVALID', `Le paramètre ${field} doit être un entier entre 0 et ${max}.`, [
      { field, code: 'PAGINATION_INVALID', message: `Entier entre 0 et ${max} attendu.` },
    ]);
  }
  return n;
};

@Controller('api/families/:familyId/requests')
export class RequestsController {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  @Get()
  @Roles('guardian', 'staff', 'admin')
  async list(
    @Param('familyId', new ParseUUIDPipe()) familyId: string,
    @CurrentUser() user: SessionUser,
    @Query('limit') limitParam?: string,
    @Query('offset') offsetParam?: string,
  ) {
    const limit = positiveInt(limitParam, 50, 200, 'limit');
    const offset = positiveInt(offsetParam, 0, 1_000_000, 'offset');
    await familyVisibleTo(user, familyId, this.reads);
    const requests = this.reads.collection<RequestDocument>(REQUESTS);
    const [total, docs] = await Promise.all([
      requests.count({ familyId }),
      requests.find({ familyId }, { sort: { submittedAt: -1, reference: -1 }, limit, skip: offset }),
    ]);
    return {
      total,
      limit,
      offset,
      items: docs.map(({ _id, communeId: _c, familyId: _f, outcomes: _o, timeline, ...doc }) => ({
        requestId: _id,
        ...doc,
        statusLabel: REQUEST_STATUS_LABELS[doc.status],
        timeline: timeline.map(({ eventId: _e, position: _p, ...step }) => step),
      })),
    };
  }
}

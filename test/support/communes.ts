import { CommandBus } from '@nestjs/cqrs';
import { RegisterStaffAccountCommand } from '@pf/accounts';
import { ConfigureActivityCommand, ConfigureFacilityCommand } from '@pf/activities';
import { RegisterCommuneCommand, type CommuneProfile } from '@pf/communes';
import { uuidFromName } from '@pf/domain';
import type { CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { DEMO_ACTIVITIES, DEMO_FACILITIES } from '../../apps/api/src/seed/demo-commune';
import type { RunningPortal } from './portal';

export interface OtherCommune {
  communeId: string;
  name: string;
  staff: { email: string; password: string };
  /** The demo commune's activities (and facilities), copied with the other commune's ids (or the demo's own ids, if asked). */
  activityIds: string[];
}

/**
 * Registers another commune beside the demo one, through the ordinary commands (there is no HTTP
 * route for it): the commune, one staff account, and a copy of the demo activities. With
 * `reuseDemoIds` the copies keep the demo's activity and facility ids, as a commune that reuses
 * another's ids would: the same id then names one activity in each commune.
 */
export async function registerOtherCommune(portal: RunningPortal, now: string, slug = 'val-de-loire-test', options: { reuseDemoIds?: boolean } = {}): Promise<OtherCommune> {
  const commands = portal.app.get(CommandBus);
  const projections = portal.app.get(ProjectionRunner);
  const communeId = slug;
  const ctx = (key: string): CommandContext => ({
    communeId,
    actor: { kind: 'system', id: 'test-setup', name: 'Préparation du test' },
    channel: 'system',
    requestId: uuidFromName(`test:${communeId}:${key}`),
    now,
  });
  const run = async (command: object) => {
    const { position } = await commands.execute<object, { position: number }>(command);
    await projections.waitFor(position);
  };
  const profile: CommuneProfile = {
    communeId,
    name: 'Val-de-Loire-Test',
    timeZone: 'Europe/Paris',
    schoolZone: 'B',
    subscriberCodePrefix: 'VLT',
    serviceName: 'Service enfance',
    serviceEmail: `enfance@${communeId}.fr`,
  };
  await run(new RegisterCommuneCommand(profile, ctx('commune')));
  const staff = { email: `agent@${communeId}.fr`, password: 'Enfance-2026' };
  await run(new RegisterStaffAccountCommand({ role: 'staff', civility: 'M', firstName: 'Paul', lastName: 'Girard', ...staff }, ctx('staff')));
  const idOf = (kind: string, demoId: string) => (options.reuseDemoIds ? demoId : uuidFromName(`${communeId}:${kind}:${demoId}`));
  for (const facility of DEMO_FACILITIES) {
    const facilityId = idOf('facility', facility.facilityId);
    await run(new ConfigureFacilityCommand({ ...facility, facilityId }, ctx(`facility:${facilityId}`)));
  }
  const activityIds: string[] = [];
  for (const activity of DEMO_ACTIVITIES) {
    const activityId = idOf('activity', activity.activityId);
    const copy = {
      ...activity,
      activityId,
      communeId,
      facilityId: idOf('facility', activity.facilityId),
      lateBookingOf: activity.lateBookingOf === null ? null : idOf('activity', activity.lateBookingOf),
    };
    await run(new ConfigureActivityCommand(copy, ctx(`activity:${activityId}`)));
    activityIds.push(activityId);
  }
  return { communeId, name: profile.name, staff, activityIds };
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterStaffAccountCommand, SignUpCommand, type SignUpResult } from '@pf/accounts';
import { BillingCommands } from '@pf/billing';
import { ConfigureActivityCommand, ConfigureFacilityCommand } from '@pf/activities';
import { RegisterCommuneCommand } from '@pf/communes';
import { uuidFromName, type Clock } from '@pf/domain';
import type { CommandContext } from '@pf/event-sourcing';
import { CLOCK } from '@pf/event-sourcing';
import { RequestEnrolmentCommand } from '@pf/enrolments';
import { OpenFamilyFileCommand, type OpenFamilyFileResult } from '@pf/families';
import { ProjectionRunner } from '@pf/projections';
import { seedDemoBilling } from './demo-billing';
import { DEMO_ACTIVITIES, DEMO_COMMUNE, DEMO_ENROLMENTS, DEMO_FACILITIES, DEMO_FAMILIES, DEMO_STAFF, demoActivityId } from './demo-commune';

export interface DemoSummary {
  communeName: string;
  logins: Array<{ role: string; email: string; password: string }>;
  codesToSignUp: Array<{ family: string; subscriberCode: string }>;
}

/**
 * Loads the demo commune through the ordinary commands, each with a fixed request id: running it
 * again at every start replays the same requests and writes nothing new.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Démo');

  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly billing: BillingCommands,
  ) {}

  async seed(): Promise<DemoSummary> {
    const communeId = DEMO_COMMUNE.communeId;
    const ctx = (key: string): CommandContext => ({
      communeId,
      actor: { kind: 'system', id: 'demo-seed', name: 'Données de démonstration' },
      channel: 'system',
      requestId: uuidFromName(`demo-seed:${key}`),
      now: this.clock.now(),
    });
    const run = async <R extends { position: number }>(command: object): Promise<R> => {
      const result = await this.commands.execute<object, R>(command);
      await this.projections.waitFor(result.position);
      return result;
    };

    await run(new RegisterCommuneCommand(DEMO_COMMUNE, ctx('commune')));
    for (const facility of DEMO_FACILITIES) await run(new ConfigureFacilityCommand(facility, ctx(`facility:${facility.facilityId}`)));
    for (const activity of DEMO_ACTIVITIES) await run(new ConfigureActivityCommand(activity, ctx(`activity:${activity.activityId}`)));
    await run(new RegisterStaffAccountCommand({ role: 'staff', ...DEMO_STAFF }, ctx('staff')));
    await seedDemoBilling(this.billing, ctx, (position) => this.projections.waitFor(position));

    const summary: DemoSummary = {
      communeName: DEMO_COMMUNE.name,
      logins: [{ role: 'agent', email: DEMO_STAFF.email, password: DEMO_STAFF.password }],
      codesToSignUp: [],
    };
    const openedFiles = new Map<string, OpenFamilyFileResult>();
    for (const family of DEMO_FAMILIES) {
      const opened = await run<OpenFamilyFileResult>(
        new OpenFamilyFileCommand({ guardian: family.guardian, children: family.children }, ctx(`family:${family.slug}`)),
      );
      openedFiles.set(family.slug, opened);
      if (!family.password) {
        summary.codesToSignUp.push({ family: opened.name, subscriberCode: opened.subscriberCode });
        continue;
      }
      const { civility, firstName, lastName, email } = family.guardian;
      const signUp = ctx(`account:${family.slug}`);
      await run<SignUpResult>(
        new SignUpCommand(
          { subscriberCode: opened.subscriberCode, civility, firstName, lastName, email, password: family.password, passwordConfirmation: family.password },
          { actor: signUp.actor, channel: signUp.channel, requestId: signUp.requestId, now: signUp.now },
          // Demo parents can sign in at once: no activation mail for them.
          { preActivated: true },
        ),
      );
      summary.logins.push({ role: 'parent', email, password: family.password });
    }
    const seedUser = { accountId: 'demo-seed', role: 'staff' as const, communeId, familyId: null, displayName: 'Données de démonstration' };
    for (const enrolment of DEMO_ENROLMENTS) {
      const child = openedFiles.get(enrolment.family)!.children[enrolment.child];
      const key = `enrolment:${enrolment.family}:${enrolment.child}:${enrolment.activity}:${enrolment.periodId}`;
      await run(
        new RequestEnrolmentCommand(
          { childId: child.childId, activityId: demoActivityId(enrolment.activity), periodId: enrolment.periodId, typicalWeek: enrolment.typicalWeek ?? null },
          seedUser,
          { ...ctx(key), requestId: uuidFromName(`demo-seed:${key}`) },
        ),
      );
    }
    this.logger.log(`commune ${DEMO_COMMUNE.name} prête`);
    return summary;
  }
}

import { uuidFromName } from '@pf/domain';
import type { CommandContext } from '@pf/event-sourcing';
import type { ActivityConfiguration } from '@pf/activities';
import type { BillingCommands, Pricing, UnexpectedPresencePrice } from '@pf/billing';
import { DEMO_ACTIVITIES } from './demo-commune';

/** The demo commune's tariffs: QF brackets for meals, Wednesdays and holidays, effort rates for before/after school care. */
function demoTariff(activity: ActivityConfiguration): { pricing: Pricing; unexpectedPresence: UnexpectedPresencePrice } {
  if (activity.lateBookingOf) return { pricing: { kind: 'surcharge', surcharge: { kind: 'amount', cents: 100 } }, unexpectedPresence: null };
  switch (activity.kind) {
    case 'canteen':
      return {
        pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 120 }, { fromQuotient: 501, unitPriceCents: 250 }, { fromQuotient: 801, unitPriceCents: 340 }, { fromQuotient: 1201, unitPriceCents: 410 }] },
        unexpectedPresence: { kind: 'price', cents: 550 },
      };
    case 'morning_care':
      return { pricing: { kind: 'effort_rate', ratePpm: 3500, floorCents: 80, ceilingCents: 250 }, unexpectedPresence: { kind: 'surcharge', surcharge: { kind: 'percent', basisPoints: 2000 } } };
    case 'evening_care':
      return { pricing: { kind: 'effort_rate', ratePpm: 4500, floorCents: 100, ceilingCents: 380 }, unexpectedPresence: { kind: 'surcharge', surcharge: { kind: 'percent', basisPoints: 2000 } } };
    default:
      return {
        pricing: { kind: 'brackets', brackets: [{ fromQuotient: 0, unitPriceCents: 500 }, { fromQuotient: 501, unitPriceCents: 900 }, { fromQuotient: 801, unitPriceCents: 1300 }, { fromQuotient: 1201, unitPriceCents: 1600 }] },
        unexpectedPresence: null,
      };
  }
}

/** Billing settings and a tariff for every period of every demo activity; fixed request ids make it idempotent. */
export async function seedDemoBilling(billing: BillingCommands, ctx: (key: string) => CommandContext, waitFor: (position: number) => Promise<unknown>): Promise<void> {
  const at = (key: string) => ({ ...ctx(key), requestId: uuidFromName(`demo-seed:${key}`) });
  await waitFor(
    (
      await billing.configureSettings(
        {
          issuerName: 'Régie enfance-jeunesse de Saint-Hilaire-du-Bois',
          issuerAddress: ['Mairie — service enfance', '1 place de la Mairie', '44000 Saint-Hilaire-du-Bois'],
          paymentTermDays: 30,
          allowPartialOnlinePayment: false,
          payfipClientNumber: null,
          // Demonstration identifiers (the ICS and IBAN examples of the standards), no real account.
          sepaCreditor: { name: 'Commune de Saint-Hilaire-du-Bois', creditorId: 'FR72ZZZ123456', iban: 'FR7630006000011234567890189', bic: null },
          directDebitDelayDays: 5,
        },
        at('billing:settings'),
      )
    ).position,
  );
  const byId = new Map(DEMO_ACTIVITIES.map((a) => [a.activityId, a]));
  for (const activity of DEMO_ACTIVITIES) {
    const periods = activity.lateBookingOf ? (byId.get(activity.lateBookingOf)?.periods ?? []) : activity.periods;
    for (const period of periods) {
      const outcome = await billing.setTariff({ activityId: activity.activityId, periodId: period.periodId, ...demoTariff(activity) }, at(`billing:tariff:${activity.activityId}:${period.periodId}`));
      await waitFor(outcome.position);
    }
  }
}

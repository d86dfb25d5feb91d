import { uuidFromName } from '@pf/domain';
import { EventSourcedStreams, type CommandContext, type DomainEvent, type StreamDecision } from '@pf/event-sourcing';
import { documentNumber, familyAccountStream, numberingStream, type DocumentNumbersAllocated, type FamilyAccountEvent, type NumberSeries } from './billing.events';
import { evolveAccount, initialAccountState, type AccountState, type NumberedPlan } from './family-account.decider';

export type NumberingState = Record<NumberSeries, number>;
export const initialNumberingState: NumberingState = { invoice: 0, credit_note: 0 };

export function evolveNumbering(state: NumberingState, event: DocumentNumbersAllocated): NumberingState {
  return event.type === 'DocumentNumbersAllocated' ? { ...state, [event.data.series]: event.data.last } : state;
}

/** The next numbers of each series, in the order the documents are given. Pure. */
export function allocateNumbers(state: NumberingState, year: number, documents: ReadonlyArray<{ series: NumberSeries; documentId: string }>): { events: DocumentNumbersAllocated[]; numbers: Map<string, string> } {
  const numbers = new Map<string, string>();
  const events: DocumentNumbersAllocated[] = [];
  for (const series of ['invoice', 'credit_note'] as const) {
    const ids = documents.filter((d) => d.series === series).map((d) => d.documentId);
    if (ids.length === 0) continue;
    const first = state[series] + 1;
    ids.forEach((id, i) => numbers.set(id, documentNumber(series, year, first + i)));
    events.push({ type: 'DocumentNumbersAllocated', data: { year, series, first, last: first + ids.length - 1, documentIds: ids } });
  }
  return { events, numbers };
}

/** A family plan went stale between reading the account and appending (another run invoiced it): plan again. */
class StalePlan extends Error {
  constructor() {
    super('stale numbered plan');
  }
}

export interface FamilyPlanner {
  familyId: string;
  plan: (state: AccountState) => NumberedPlan | null;
}

export interface NumberedOutcome {
  position: number;
  /** Events appended per family (empty for families with nothing to issue). */
  events: Map<string, FamilyAccountEvent[]>;
  replayed: boolean;
}

const fingerprint = (plan: NumberedPlan | null) => (plan ? plan.documents.map((d) => `${d.series}:${d.documentId}`).join(',') : '');

/**
 * Issues numbered documents for several families in one atomic append with the commune's
 * numbering stream for the year. The numbering stream is decided first (handleMany decides in the
 * order given), then each family's account: a number is written only with its document, so two
 * runs at once, in one process or two, can neither skip nor repeat a number.
 */
export async function appendNumbered(streams: EventSourcedStreams, ctx: CommandContext, year: number, planners: FamilyPlanner[], maxPlans = 20): Promise<NumberedOutcome> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await Promise.all(planners.map((p) => streams.load(familyAccountStream(ctx.communeId, p.familyId), initialAccountState, evolveAccount)));
    const plans = planners.map((p, i) => ({ planner: p, plan: p.plan(loaded[i].state) })).filter((x) => x.plan !== null);
    if (plans.length === 0) return { position: 0, events: new Map(), replayed: false };
    const documents = plans.flatMap((x) => x.plan!.documents);
    let numbers: Map<string, string> | null = null;
    const numbering: StreamDecision<NumberingState, DocumentNumbersAllocated> = {
      streamId: numberingStream(ctx.communeId, year),
      initialState: initialNumberingState,
      evolve: evolveNumbering,
      decide: (state) => {
        const allocated = allocateNumbers(state, year, documents);
        numbers = allocated.numbers;
        return allocated.events;
      },
    };
    const families: StreamDecision<AccountState, FamilyAccountEvent>[] = plans.map(({ planner, plan }) => ({
      streamId: familyAccountStream(ctx.communeId, planner.familyId),
      initialState: initialAccountState,
      evolve: evolveAccount,
      decide: (state) => {
        const fresh = planner.plan(state);
        if (fingerprint(fresh) !== fingerprint(plan)) throw new StalePlan();
        if (!numbers) throw new Error('The numbering stream must be decided before the families');
        return fresh!.events(numbers);
      },
    }));
    // A request id per content: retrying the same chunk replays it, another chunk is another request.
    const chunkCtx = { ...ctx, requestId: uuidFromName(`${ctx.requestId ?? 'numbered'}|${year}|${documents.map((d) => d.documentId).join(',')}`) };
    try {
      const outcome = await streams.handleMany([numbering, ...families] as unknown as StreamDecision<unknown, DomainEvent>[], chunkCtx);
      const events = new Map(plans.map(({ planner }, i) => [planner.familyId, outcome.outcomes[i + 1].events as FamilyAccountEvent[]]));
      return { position: outcome.position, events, replayed: outcome.replayed };
    } catch (error) {
      if (error instanceof StalePlan && attempt < maxPlans) continue;
      throw error;
    }
  }
}

import { DomainError, notFound } from '@pf/domain';
import type { CommandContext, EventSourcedStreams } from '@pf/event-sourcing';
import type { SessionUser } from '@pf/identity';
import { aCanteen } from '@pf/activities/testing';
import type { BookingContext, BookingContextLoader } from './booking-context';
import { PreviewSelectionCopyCommand, PreviewSelectionCopyHandler, RequestSelectionCopyCommand, RequestSelectionCopyHandler, type SelectionCopyInput } from './selection-copy.handler';

const parent: SessionUser = { accountId: 'account-1', role: 'guardian', communeId: 'saint-hilaire-du-bois', familyId: 'f1', displayName: 'Claire Martin' };
const ctx = { communeId: 'saint-hilaire-du-bois', now: '2026-12-01T07:30:00Z', requestId: 'copy-1' } as unknown as CommandContext & { requestId: string };

/** The family's children in the caller's commune; any other child is unknown there (404), as the real loader says. */
function loaderOf(children: string[]): BookingContextLoader & { load: jest.Mock } {
  const load = jest.fn(async (_user: unknown, _communeId: string, childId: string): Promise<BookingContext> => {
    if (!children.includes(childId)) throw notFound('CHILD_NOT_FOUND', 'Enfant introuvable.');
    return {
      child: { childId, familyId: 'f1', firstName: 'Léa', birthDate: '2018-04-12' },
      activity: aCanteen(),
      late: null,
      commune: { schoolZone: 'B', timeZone: 'Europe/Paris' },
      enrolments: [],
    } as unknown as BookingContext;
  });
  return { load } as unknown as BookingContextLoader & { load: jest.Mock };
}

/** Streams that must not be read nor written: the selection is refused before. */
function untouchedStreams() {
  const streams = { load: jest.fn(), handle: jest.fn(), handleMany: jest.fn() };
  return streams as typeof streams & EventSourcedStreams;
}

const refusal = async (run: () => Promise<unknown>): Promise<DomainError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('The command was not refused');
};

describe('« recopier la sélection »: a day chosen twice', () => {
  const twice: SelectionCopyInput = {
    selection: [
      { childId: 'lea', activityId: 'canteen', day: '2026-12-03' },
      { childId: 'lea', activityId: 'canteen', day: '2026-12-04' },
      { childId: 'lea', activityId: 'canteen', day: '2026-12-03' },
    ],
    until: '2027-01-08',
  };

  it.each([
    ['the preview', (streams: EventSourcedStreams, loader: BookingContextLoader) => new PreviewSelectionCopyHandler(streams, loader).execute(new PreviewSelectionCopyCommand(twice, parent, ctx))],
    ['the request', (streams: EventSourcedStreams, loader: BookingContextLoader) => new RequestSelectionCopyHandler(streams, loader).execute(new RequestSelectionCopyCommand(twice, parent, ctx))],
  ])('%s refuses it (422 SELECTION_DUPLICATE, in French, on the selection), reading and writing no stream', async (_name, run) => {
    const streams = untouchedStreams();
    const error = await refusal(() => run(streams, loaderOf(['lea'])));
    expect(error).toMatchObject({
      kind: 'invalid',
      code: 'SELECTION_DUPLICATE',
      message: 'Un même jour est choisi deux fois pour le même enfant et la même activité.',
      details: [expect.objectContaining({ field: 'selection', code: 'SELECTION_DUPLICATE' })],
    });
    expect(streams.load).not.toHaveBeenCalled();
    expect(streams.handleMany).not.toHaveBeenCalled();
  });

  it('lets the same day of two children through: only the same child, activity and day twice is a duplicate', async () => {
    const streams = untouchedStreams();
    streams.load.mockImplementation(async (_id: string, initialState: unknown) => ({ state: initialState, revision: 'no_stream', events: [] }));
    const loader = loaderOf(['lea', 'hugo']);
    const distinct: SelectionCopyInput = {
      selection: [
        { childId: 'lea', activityId: 'canteen', day: '2026-12-03' },
        { childId: 'hugo', activityId: 'canteen', day: '2026-12-03' },
      ],
      until: '2026-12-11',
    };
    const preview = await new PreviewSelectionCopyHandler(streams, loader).execute(new PreviewSelectionCopyCommand(distinct, parent, ctx));
    expect(preview.days.map((d) => `${d.childId} ${d.day}`)).toEqual(['hugo 2026-12-10', 'lea 2026-12-10']);
    expect(streams.handleMany).not.toHaveBeenCalled();
  });

  it('names a child of another commune (or none) 404 before any duplicate check, so nothing tells that the child exists elsewhere', async () => {
    const streams = untouchedStreams();
    const elsewhere: SelectionCopyInput = { ...twice, selection: twice.selection.map((s) => ({ ...s, childId: 'chloe' })) };
    const error = await refusal(() => new RequestSelectionCopyHandler(streams, loaderOf(['lea'])).execute(new RequestSelectionCopyCommand(elsewhere, parent, ctx)));
    expect(error).toMatchObject({ kind: 'not_found', code: 'CHILD_NOT_FOUND' });
    expect(streams.handleMany).not.toHaveBeenCalled();
  });
});

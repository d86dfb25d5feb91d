import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { HARNESS_COMMUNE, ProjectionHarness } from '@pf/testing';
import type { NewsContent } from './news.events';
import { NewsCommand, NewsHandler, type NewsAction } from './news.handlers';
import { NEWS, newsProjection, type NewsDocument } from './news.projection';

const OTHER_COMMUNE = 'autre-commune';
const content: Omit<NewsContent, 'newsId'> = { title: 'Menus de décembre', body: 'Repas de Noël le 17/12.', publishFrom: '2026-12-01', publishUntil: null, audience: { kind: 'commune' } };

const ctx = (communeId: string, requestId: string): CommandContext => ({
  communeId,
  actor: { kind: 'staff', id: `agent-${communeId}`, name: 'Agent' },
  channel: 'back-office',
  requestId,
  now: '2026-12-01T09:00:00.000Z',
});

describe('news commands', () => {
  let h: ProjectionHarness;
  let handler: NewsHandler;
  const run = (action: NewsAction, communeId: string, requestId: string) => handler.execute(new NewsCommand(action, ctx(communeId, requestId)));

  beforeEach(async () => {
    h = await ProjectionHarness.start([newsProjection]);
    handler = new NewsHandler(new EventSourcedStreams(h.events), h.reads);
  });
  afterEach(() => h.stop());

  it('gives a new item an id derived from the commune and the request, the same on a retry', async () => {
    const first = await run({ kind: 'publish', content }, HARNESS_COMMUNE, 'a1b2c3d4-0000-4000-8000-000000000001');
    const retried = await run({ kind: 'publish', content }, HARNESS_COMMUNE, 'a1b2c3d4-0000-4000-8000-000000000001');
    expect(retried.newsId).toBe(first.newsId);
    expect(first.newsId).not.toBe('a1b2c3d4-0000-4000-8000-000000000001');
    await h.waitFor(retried.position);
    expect(await h.find(NEWS)).toHaveLength(1);
  });

  it('never reaches another commune’s item: its id as a request id makes a new item, and revising or withdrawing it answers 404', async () => {
    const { newsId, position } = await run({ kind: 'publish', content }, HARNESS_COMMUNE, 'a1b2c3d4-0000-4000-8000-000000000002');
    await h.waitFor(position);
    const before = await h.get<NewsDocument>(NEWS, newsId);
    expect(before).toMatchObject({ title: 'Menus de décembre', status: 'published', communeId: HARNESS_COMMUNE });

    const theirs = await run({ kind: 'publish', content: { ...content, title: 'Autre chose' } }, OTHER_COMMUNE, newsId);
    expect(theirs.newsId).not.toBe(newsId);
    await expect(run({ kind: 'revise', content: { ...content, newsId, title: 'Piraté' } }, OTHER_COMMUNE, 'a1b2c3d4-0000-4000-8000-000000000003')).rejects.toMatchObject({
      code: 'NEWS_NOT_FOUND',
    });
    await expect(run({ kind: 'withdraw', newsId }, OTHER_COMMUNE, 'a1b2c3d4-0000-4000-8000-000000000004')).rejects.toMatchObject({ code: 'NEWS_NOT_FOUND' });
    await h.waitFor(theirs.position);

    expect(await h.get<NewsDocument>(NEWS, newsId)).toEqual(before);
    expect(await h.get<NewsDocument>(NEWS, newsId, OTHER_COMMUNE)).toBeNull();
    expect((await h.find<NewsDocument>(NEWS, {}, undefined, OTHER_COMMUNE)).map((n) => [n._id, n.title])).toEqual([[theirs.newsId, 'Autre chose']]);
  });
});

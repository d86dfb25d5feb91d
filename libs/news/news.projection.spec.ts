import { enrolmentsProjection } from '@pf/enrolments';
import { AGENT, ProjectionHarness, type GivenEvent } from '@pf/testing';
import type { NewsContent } from './news.events';
import { NEWS, newsProjection, type NewsDocument } from './news.projection';
import { currentNewsFor } from './news.query';

const item = (newsId: string, over: Partial<NewsContent> = {}): GivenEvent => ({
  type: 'NewsItemPublished',
  data: { newsId, title: `Actualité ${newsId}`, body: 'Texte', publishFrom: '2026-12-01', publishUntil: null, audience: { kind: 'commune' }, ...over },
  actor: AGENT,
  channel: 'back-office',
});

describe('the news read model', () => {
  let h: ProjectionHarness;
  beforeEach(async () => (h = await ProjectionHarness.start([newsProjection, enrolmentsProjection])));
  afterEach(() => h.stop());

  it('keeps each item with its dates, audience and author', async () => {
    await h.given(item('n1', { audience: { kind: 'activity', activityId: 'canteen' }, publishUntil: '2026-12-18' }));
    expect(await h.get<NewsDocument>(NEWS, 'n1')).toEqual({
      _id: 'n1',
      communeId: 'saint-hilaire',
      title: 'Actualité n1',
      body: 'Texte',
      publishFrom: '2026-12-01',
      publishUntil: '2026-12-18',
      audience: 'canteen',
      status: 'published',
      publishedAt: '2026-12-01T08:00:00.000Z',
      updatedAt: '2026-12-01T08:00:00.000Z',
      authorName: 'Agent Enfance',
    });
  });

  it('applies revisions and withdrawals', async () => {
    await h.given(item('n1'), { type: 'NewsItemRevised', data: { ...(item('n1').data as NewsContent), title: 'Nouveau titre' }, actor: AGENT, at: '2026-12-02T08:00:00.000Z' });
    expect(await h.get<NewsDocument>(NEWS, 'n1')).toMatchObject({ title: 'Nouveau titre', updatedAt: '2026-12-02T08:00:00.000Z', status: 'published' });
    await h.given({ type: 'NewsItemWithdrawn', data: { newsId: 'n1' }, actor: AGENT });
    expect((await h.get<NewsDocument>(NEWS, 'n1'))!.status).toBe('withdrawn');
  });

  it('shows a family the current news of the commune and of the activities its children are enrolled in', async () => {
    await h.given(
      item('commune-wide'),
      item('canteen-news', { audience: { kind: 'activity', activityId: 'canteen' } }),
      item('holiday-news', { audience: { kind: 'activity', activityId: 'holidays' } }),
      item('scheduled', { publishFrom: '2026-12-20' }),
      item('ended', { publishFrom: '2026-11-01', publishUntil: '2026-11-30' }),
      item('withdrawn'),
      { type: 'NewsItemWithdrawn', data: { newsId: 'withdrawn' }, actor: AGENT },
      { ...item('elsewhere'), communeId: 'another-commune' },
      {
        type: 'EnrolmentRequested',
        data: { requestId: 'e1', familyId: 'f1', childId: 'c1', activityId: 'canteen', periodId: 'p', periodLabel: '2026-2027', group: null, typicalWeek: null },
      },
    );
    const seen = await currentNewsFor(h.reads, 'saint-hilaire', 'f1', '2026-12-10');
    expect(seen.map((n) => n._id).sort()).toEqual(['canteen-news', 'commune-wide']);
    const stranger = await currentNewsFor(h.reads, 'saint-hilaire', 'f2', '2026-12-10');
    expect(stranger.map((n) => n._id)).toEqual(['commune-wide']);
    expect((await currentNewsFor(h.reads, 'another-commune', 'f9', '2026-12-10')).map((n) => n._id)).toEqual(['elsewhere']);
  });
});

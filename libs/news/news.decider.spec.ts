import { decidePublishNews, decideReviseNews, decideWithdrawNews, evolveNews, initialNewsState, type NewsState } from './news.decider';
import type { NewsContent, NewsEvent } from './news.events';

const content: NewsContent = {
  newsId: 'n1',
  title: ' Menus de décembre ',
  body: 'Repas de Noël le jeudi 17/12/2026.',
  publishFrom: '2026-12-01',
  publishUntil: '2026-12-18',
  audience: { kind: 'commune' },
};
const context = { activityExists: (id: string) => id === 'canteen' };
const given = (...events: NewsEvent[]): NewsState => events.reduce(evolveNews, initialNewsState);
const published = decidePublishNews(content, initialNewsState, context);

describe('publishing news', () => {
  it('publishes a news item with its dates and audience, title trimmed', () => {
    expect(published).toEqual([{ type: 'NewsItemPublished', data: { ...content, title: 'Menus de décembre' } }]);
  });

  it('refuses an end of publication before its start', () => {
    expect(() => decidePublishNews({ ...content, publishUntil: '2026-11-30' }, initialNewsState, context)).toThrow(
      expect.objectContaining({ code: 'PUBLICATION_RANGE_INVALID' }),
    );
  });

  it('refuses an audience that is not one of the commune’s activities', () => {
    expect(() => decidePublishNews({ ...content, audience: { kind: 'activity', activityId: 'elsewhere' } }, initialNewsState, context)).toThrow(
      expect.objectContaining({ code: 'ACTIVITY_NOT_FOUND', kind: 'not_found' }),
    );
  });

  it('refuses an empty title', () => {
    expect(() => decidePublishNews({ ...content, title: '  ' }, initialNewsState, context)).toThrow(expect.objectContaining({ code: 'TITLE_EMPTY' }));
  });
});

describe('changing and withdrawing news', () => {
  it('records a revision only when something changed', () => {
    expect(decideReviseNews(content, given(...published), context)).toEqual([]);
    expect(decideReviseNews({ ...content, audience: { kind: 'activity', activityId: 'canteen' } }, given(...published), context)).toHaveLength(1);
  });

  it('withdraws once, then does nothing more', () => {
    const withdrawn = decideWithdrawNews('n1', given(...published));
    expect(withdrawn).toEqual([{ type: 'NewsItemWithdrawn', data: { newsId: 'n1' } }]);
    expect(decideWithdrawNews('n1', given(...published, ...withdrawn))).toEqual([]);
    expect(() => decideReviseNews(content, given(...published, ...withdrawn), context)).toThrow(expect.objectContaining({ code: 'NEWS_WITHDRAWN' }));
  });

  it('cannot change news that was never published', () => {
    expect(() => decideWithdrawNews('n1', initialNewsState)).toThrow(expect.objectContaining({ code: 'NEWS_NOT_FOUND' }));
  });
});

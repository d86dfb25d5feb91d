import { projection } from '@pf/projections';
import type { Document } from '@pf/read-store';
import type { NewsContent, NewsEvent } from './news.events';

export const NEWS = 'news';

export interface NewsDocument extends Document {
  communeId: string;
  title: string;
  body: string;
  publishFrom: string;
  publishUntil: string | null;
  /** 'commune' or the activity's id: one scalar field so it can be filtered with $in. */
  audience: string;
  status: 'published' | 'withdrawn';
  publishedAt: string;
  updatedAt: string;
  authorName: string | null;
}

type Data<T extends NewsEvent['type']> = Extract<NewsEvent, { type: T }>['data'];

const audienceKey = (c: NewsContent) => (c.audience.kind === 'commune' ? 'commune' : c.audience.activityId);

export const newsProjection = projection(
  'news',
  // 2: kept per commune.
  2,
  [{ name: NEWS, indexes: [{ fields: ['communeId', 'publishFrom'] }] }],
  {
    NewsItemPublished: async (event, uow) => {
      const data = event.data as Data<'NewsItemPublished'>;
      await uow.collection<NewsDocument>(NEWS).upsert({
        _id: data.newsId,
        communeId: event.metadata.communeId,
        title: data.title,
        body: data.body,
        publishFrom: data.publishFrom,
        publishUntil: data.publishUntil,
        audience: audienceKey(data),
        status: 'published',
        publishedAt: event.metadata.occurredAt,
        updatedAt: event.metadata.occurredAt,
        authorName: event.metadata.actor.name ?? null,
      });
    },
    NewsItemRevised: async (event, uow) => {
      const data = event.data as Data<'NewsItemRevised'>;
      const news = uow.collection<NewsDocument>(NEWS);
      const doc = await news.get(data.newsId);
      if (!doc) return;
      await news.upsert({
        ...doc,
        title: data.title,
        body: data.body,
        publishFrom: data.publishFrom,
        publishUntil: data.publishUntil,
        audience: audienceKey(data),
        updatedAt: event.metadata.occurredAt,
      });
    },
    NewsItemWithdrawn: async (event, uow) => {
      const news = uow.collection<NewsDocument>(NEWS);
      const doc = await news.get((event.data as Data<'NewsItemWithdrawn'>).newsId);
      if (doc) await news.upsert({ ...doc, status: 'withdrawn', updatedAt: event.metadata.occurredAt });
    },
  },
);

import type { DomainEvent } from '@pf/event-sourcing';

/** Who sees a news item: every family of the commune, or the families with a child enrolled in one activity. */
export type NewsAudience = { kind: 'commune' } | { kind: 'activity'; activityId: string };

export interface NewsContent {
  newsId: string;
  title: string;
  body: string;
  /** 'YYYY-MM-DD', first day shown (commune's calendar). */
  publishFrom: string;
  /** 'YYYY-MM-DD', last day shown; null: until withdrawn. */
  publishUntil: string | null;
  audience: NewsAudience;
}

/** Staff published a news item (actualité); it shows from `publishFrom`. */
export type NewsItemPublished = DomainEvent<'NewsItemPublished', NewsContent>;
/** Staff changed a published item: the whole content after the change. */
export type NewsItemRevised = DomainEvent<'NewsItemRevised', NewsContent>;
/** Staff took the item down before its end date. */
export type NewsItemWithdrawn = DomainEvent<'NewsItemWithdrawn', { newsId: string }>;

export type NewsEvent = NewsItemPublished | NewsItemRevised | NewsItemWithdrawn;

export const newsStream = (communeId: string, newsId: string) => `news-${communeId}.${newsId}`;

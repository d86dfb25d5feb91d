import { conflict, invalid, notFound, type FieldProblem } from '@pf/domain';
import type { NewsContent, NewsEvent } from './news.events';

export interface NewsState {
  newsId: string | null;
  withdrawn: boolean;
  content: NewsContent | null;
}

export const initialNewsState: NewsState = { newsId: null, withdrawn: false, content: null };

export function evolveNews(state: NewsState, event: NewsEvent): NewsState {
  switch (event.type) {
    case 'NewsItemPublished':
    case 'NewsItemRevised':
      return { ...state, newsId: event.data.newsId, content: event.data };
    case 'NewsItemWithdrawn':
      return { ...state, withdrawn: true };
  }
}

/** What the activity lookup says, worked out by the caller (the decider reads nothing). */
export interface NewsContext {
  activityExists: (activityId: string) => boolean;
}

function checked(content: NewsContent, context: NewsContext): NewsContent {
  // An activity unknown in the commune is one that does not exist for this caller.
  if (content.audience.kind === 'activity' && !context.activityExists(content.audience.activityId)) throw notFound('ACTIVITY_NOT_FOUND', 'Activité introuvable.');
  const problems: FieldProblem[] = [];
  const title = content.title.trim();
  const body = content.body.trim();
  if (!title) problems.push({ field: 'title', code: 'TITLE_EMPTY', message: 'Donnez un titre à l’actualité.' });
  if (!body) problems.push({ field: 'body', code: 'BODY_EMPTY', message: 'Écrivez le texte de l’actualité.' });
  if (content.publishUntil !== null && content.publishUntil < content.publishFrom) {
    problems.push({ field: 'publishUntil', code: 'PUBLICATION_RANGE_INVALID', message: 'La fin de publication doit suivre son début.' });
  }
  if (problems.length) throw invalid(problems[0].code, problems[0].message, problems);
  return { ...content, title, body };
}

export function decidePublishNews(content: NewsContent, state: NewsState, context: NewsContext): NewsEvent[] {
  if (state.newsId) throw conflict('NEWS_ALREADY_PUBLISHED', 'Cette actualité est déjà publiée.');
  return [{ type: 'NewsItemPublished', data: checked(content, context) }];
}

export function decideReviseNews(content: NewsContent, state: NewsState, context: NewsContext): NewsEvent[] {
  if (!state.newsId) throw notFound('NEWS_NOT_FOUND', 'Actualité introuvable.');
  if (state.withdrawn) throw conflict('NEWS_WITHDRAWN', 'Cette actualité a été retirée : publiez-en une nouvelle.');
  const next = checked(content, context);
  if (JSON.stringify(next) === JSON.stringify(state.content)) return [];
  return [{ type: 'NewsItemRevised', data: next }];
}

export function decideWithdrawNews(newsId: string, state: NewsState): NewsEvent[] {
  if (!state.newsId) throw notFound('NEWS_NOT_FOUND', 'Actualité introuvable.');
  if (state.withdrawn) return [];
  return [{ type: 'NewsItemWithdrawn', data: { newsId } }];
}

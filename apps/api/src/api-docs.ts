import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The one error body of every route, documented once and referenced by every operation. */
const ERROR_BODY = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 422 },
    code: { type: 'string', description: 'Code stable pour les intégrateurs (MAJUSCULES_SOULIGNÉES)', example: 'PAST_DEADLINE' },
    message: { type: 'string', description: 'Message en français pour la personne devant l’écran', example: 'Le délai de réservation est dépassé.' },
    details: {
      type: 'array',
      description: 'Problèmes champ par champ (400 VALIDATION_FAILED)',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const ERRORS: Record<string, string> = {
  '400': 'Entrée invalide (VALIDATION_FAILED, avec details[])',
  '401': 'Non connecté (NOT_AUTHENTICATED)',
  '403': 'Accès refusé, ou jeton CSRF absent (CSRF_TOKEN_INVALID)',
  '404': 'Introuvable, ou hors de votre périmètre',
  '409': 'Conflit avec l’état actuel',
  '422': 'Refusé par une règle métier',
};

export function apiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Portail Famille — API')
    .setDescription(
      [
        'API du Portail Famille (parents, agents du service enfance, logiciels de la commune).',
        'Session : cookie httpOnly `pf_session` ; toute écriture depuis une session envoie l’en-tête `X-CSRF-Token` recopiant le cookie `pf_csrf`.',
        'Chaque écriture qu’un client peut rejouer porte un `requestId` (UUID) choisi par le client : la rejouer ne fait rien de plus.',
        'Les commandes attendent que les vues soient à jour avant de répondre (lecture de ses propres écritures) ; les GET principaux renvoient un ETag (If-None-Match → 304).',
        'Toutes les erreurs ont le même corps `ErrorBody`.',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addCookieAuth('pf_session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Clé d’API d’un intégrateur' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: ERROR_BODY as never } };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      for (const [status, description] of Object.entries(ERRORS)) {
        operation.responses[status] ??= { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
      }
    }
  }
  return document;
}

/** OpenAPI document at /api/docs (interactive) and /api/docs-json. */
export function setupApiDocs(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => apiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeSchemasFromValidators, hasValidators } from '@pf/http';

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
  '413': 'Contenu trop volumineux (PAYLOAD_TOO_LARGE : JSON au-delà de 1 Mo, fichier au-delà de sa limite)',
  '415': 'Type de contenu refusé (UNSUPPORTED_MEDIA_TYPE : JSON en UTF-8 attendu)',
  '422': 'Refusé par une règle métier',
};

/** What the portal's routes are made of, as Nest registered them. */
interface RouteFacts {
  /** Every class a handler takes as @Body() or @Query(): the DTOs to document from their validators. */
  dtos: Function[];
  /** OpenAPI path + method of the routes that take an uploaded file (multipart/form-data). */
  uploads: Set<string>;
}

function routeFacts(app: INestApplication): RouteFacts {
  const dtos = new Set<Function>();
  const uploads = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller?.prototype) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat()[0] as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || sub === undefined) continue;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as unknown[];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number }>;
        let takesFile = false;
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if (kind === RouteParamtypes.BODY || kind === RouteParamtypes.QUERY) {
            const type = types[arg.index];
            if (hasValidators(type)) dtos.add(type);
          }
          if (kind === RouteParamtypes.FILE || kind === RouteParamtypes.FILES) takesFile = true;
        }
        if (!takesFile) continue;
        for (const path of [sub].flat()) {
          const full = `/${[base, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
          uploads.add(`${RequestMethod[method].toLowerCase()} ${full}`);
        }
      }
    }
  }
  return { dtos: [...dtos], uploads };
}

/**
 * An upload route's body: multipart/form-data with the file in `file` (the field every upload
 * route's interceptor reads) beside its DTO's fields, sent as text.
 */
function documentUpload(operation: { requestBody?: unknown }) {
  const body = operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
  const dto = Object.values(body?.content ?? {})[0]?.schema;
  const file = { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'Le fichier envoyé' } } };
  operation.requestBody = {
    required: true,
    content: { 'multipart/form-data': { schema: dto ? { allOf: [dto, file] } : file } },
  };
}

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
        'Corps des requêtes : JSON en UTF-8 (`Content-Type: application/json`), 1 Mo au plus (413 `PAYLOAD_TOO_LARGE`), 32 niveaux d’objets ou de listes au plus (400 `BODY_TOO_DEEP`) ; JSON mal formé : 400 `MALFORMED_JSON` ; autre type de contenu : 415 `UNSUPPORTED_MEDIA_TYPE` (les envois de fichiers sont en `multipart/form-data`). Les champs `__proto__`, `constructor` et `prototype` sont refusés.',
        'Textes : ni caractères de contrôle, ni caractères de mise en forme bidirectionnelle (U+202A–U+202E, U+2066–U+2069), ni texte fait seulement d’espaces ou de caractères invisibles (400 `VALIDATION_FAILED`, détails `CONTROL_CHARACTERS`, `INVISIBLE_TEXT`, `BLANK_TEXT`, `INVALID_CHARACTERS`) ; retours à la ligne et tabulations seulement dans les textes de 200 caractères ou plus.',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addCookieAuth('pf_session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Clé d’API d’un intégrateur' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const facts = routeFacts(app);
  const schemas = { ...document.components?.schemas } as Record<string, Record<string, unknown>>;
  // The DTOs' rules as their validators enforce them (most DTOs do not repeat them in @ApiProperty).
  completeSchemasFromValidators(schemas, facts.dtos);
  document.components = { ...document.components, schemas: { ...(schemas as NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>), ErrorBody: ERROR_BODY as never } };
  for (const [route, path] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(path)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      if (facts.uploads.has(`${method} ${route}`)) documentUpload(operation);
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

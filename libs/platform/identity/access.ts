import {
  Optional,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  ForbiddenException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { notFound, type Clock } from '@pf/domain';
import type { ReadStore } from '@pf/read-store';
import type { Role } from './role';
import { API_KEY_AUTHENTICATOR, FAMILY_VISIBILITY, SESSION_ACCOUNTS, type ApiKeyAuthenticator, type FamilyVisibility, type SessionAccounts } from './ports';
import { SESSION_COOKIE, SessionCodec, SessionUser } from './session';
import { SessionStore } from './session-store';

export const ACCESS = 'portail:access';
export type AccessRule = { public: true } | { roles: Role[] };

/** Anyone may call this route (a session, if present, is still read). */
export const Public = () => SetMetadata(ACCESS, { public: true } satisfies AccessRule);
/** Only signed-in users with one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS, { roles } satisfies AccessRule);

/**
 * The scope convention: a route whose path has a `:familyId` parameter reaches that family only
 * for its own guardians and for staff, admins and integrators of its commune. Checked here, before
 * validation and handlers, so every such route is scoped whoever wrote it; anything else answers
 * 404 FAMILY_NOT_FOUND, as if the family did not exist.
 */
export const FAMILY_SCOPE_PARAM = 'familyId';

/** The access rule of a handler (for the guard and for the authorisation matrix test). */
export const accessRuleOf = (reflector: Reflector, handler: Function, controller: Function): AccessRule | undefined =>
  reflector.getAllAndOverride<AccessRule | undefined>(ACCESS, [handler, controller]);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<Request & { user?: SessionUser }>();
  return request.user;
});

export const SESSION_CODEC = Symbol('SESSION_CODEC');

/** May this user reach this family? Guardians: their own; staff, admins, integrators: their commune's. */
export function canReachFamily(user: SessionUser, family: { _id: string; communeId: string }): boolean {
  if (family.communeId !== user.communeId) return false;
  return user.role === 'guardian' ? user.familyId === family._id : true;
}

/**
 * Global guard. A route must say who may call it (@Public or @Roles); a route that says nothing
 * is refused, so a forgotten rule fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly sessionStore: SessionStore;

  constructor(
    private readonly reflector: Reflector,
    @Inject(SESSION_CODEC) private readonly sessions: SessionCodec,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_ACCOUNTS) private readonly accounts: SessionAccounts,
    @Inject(FAMILY_VISIBILITY) private readonly families: FamilyVisibility,
    @Optional() @Inject(API_KEY_AUTHENTICATOR) private readonly apiKeys?: ApiKeyAuthenticator,
  ) {
    this.sessionStore = new SessionStore(reads);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & { user?: SessionUser }>();
    const rule = accessRuleOf(this.reflector, context.getHandler(), context.getClass());
    request.user = (await this.sessionUser(request)) ?? undefined;
    if (!rule) throw new ForbiddenException({ code: 'ROUTE_WITHOUT_ACCESS_RULE', message: "Cette route n'est pas ouverte." });
    if ('public' in rule) return true;
    if (!request.user) throw new UnauthorizedException({ code: 'NOT_AUTHENTICATED', message: 'Veuillez vous connecter.' });
    if (!rule.roles.includes(request.user.role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: "Vous n'avez pas accès à cette fonction." });
    }
    const familyId = (request.params as Record<string, string> | undefined)?.[FAMILY_SCOPE_PARAM];
    if (familyId !== undefined) {
      const family = /^[0-9a-f-]{36}$/i.test(familyId) ? await this.families.visibleFamily(request.user, familyId) : null;
      if (!family || !canReachFamily(request.user, family)) throw notFound('FAMILY_NOT_FOUND', 'Dossier famille introuvable.');
    }
    return true;
  }

  private async sessionUser(request: Request): Promise<SessionUser | null> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
    if (bearer) return this.apiKeys ? this.apiKeys.authenticate(bearer) : null;
    const token = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const nowMs = Date.parse(this.clock.now());
    const claims = this.sessions.verify(token, nowMs);
    if (!claims) return null;
    if (!(await this.sessionStore.isLive(claims.sid, claims.sub, nowMs))) return null;
    const user = await this.accounts.activeUser(claims.sub);
    return user && { ...user, sessionId: claims.sid };
  }
}

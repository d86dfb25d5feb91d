import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Throttle } from '@nestjs/throttler';
import { Equals, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { DomainError, forbidden, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { CurrentUser, Public, Roles, SESSION_CODEC, SESSION_COOKIE, SESSION_COOKIE_POLICY, SessionCodec, type SessionCookiePolicy, type SessionUser, AUTH_LIMITS, AuthThrottlerGuard } from '@pf/identity';
import { toSessionUser } from './session-accounts';
import { AccountService } from './account.service';
import { SignUpCommand, type SignUpResult } from './sign-up.handler';

const email = () => [
  IsEmail({}, { message: 'Adresse e-mail invalide.' }),
  MaxLength(254, { message: "L'adresse e-mail est trop longue." }),
];
const Email = (): PropertyDecorator => (target, key) => email().forEach((d) => d(target, key));
const Password = (message = 'Le mot de passe est obligatoire.'): PropertyDecorator => (target, key) => {
  IsString({ message })(target, key);
  Length(1, 128, { message: 'Le mot de passe doit compter de 1 à 128 caractères.' })(target, key);
};
/**
 * A password being chosen: first present (a missing one is said missing, not too long: with
 * stopAtFirstError the first constraint registered is the one reported), then at most 128 characters.
 */
const NewPassword = (missing: string, tooLong: string): PropertyDecorator => (target, key) => {
  IsString({ message: missing })(target, key);
  MaxLength(128, { message: tooLong })(target, key);
};
const AccountId = (): PropertyDecorator => IsUUID('all', { message: "L'identifiant du compte est invalide." });
const LinkToken = (): PropertyDecorator => (target, key) => {
  IsString({ message: 'Le jeton du lien est obligatoire.' })(target, key);
  Length(20, 100, { message: "Ce lien n'est pas valide." })(target, key);
};

export class SignInDto {
  @Email() email!: string;
  @Password() password!: string;

  @IsOptional()
  @IsBoolean({ message: '« Se souvenir de moi » doit valoir vrai ou faux.' })
  rememberMe?: boolean;
}

export class SignUpDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @IsString({ message: 'Le code abonné est obligatoire.' })
  @Length(6, 40, { message: 'Le code abonné est invalide.' })
  subscriberCode!: string;

  @IsIn(['Mme', 'M'], { message: 'Choisissez une civilité.' })
  civility!: 'Mme' | 'M';

  @IsString({ message: 'Le nom est obligatoire.' })
  @Length(1, 80, { message: 'Le nom doit compter de 1 à 80 caractères.' })
  lastName!: string;

  @IsString({ message: 'Le prénom est obligatoire.' })
  @Length(1, 80, { message: 'Le prénom doit compter de 1 à 80 caractères.' })
  firstName!: string;

  @Email() email!: string;

  /** The password rule itself (length, digit, cases) is the policy's, checked with the confirmation. */
  @NewPassword('Le mot de passe est obligatoire.', 'Le mot de passe ne doit pas dépasser 128 caractères.')
  password!: string;

  @NewPassword('La confirmation du mot de passe est obligatoire.', 'La confirmation du mot de passe ne doit pas dépasser 128 caractères.')
  passwordConfirmation!: string;

  @Equals(true, { message: 'Vous devez accepter les conditions générales d’utilisation.' })
  termsAccepted!: boolean;
}

export class EmailOnlyDto {
  @Email() email!: string;
}

export class LinkDto {
  @AccountId() accountId!: string;
  @LinkToken() token!: string;
}

export class ResetPasswordDto extends LinkDto {
  @Password() password!: string;
  @Password('La confirmation du mot de passe est obligatoire.') passwordConfirmation!: string;
}

export class ChangePasswordDto {
  @Password('Le mot de passe actuel est obligatoire.') currentPassword!: string;
  @Password() password!: string;
  @Password('La confirmation du mot de passe est obligatoire.') passwordConfirmation!: string;
}

export class ChangeEmailDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;
  @Email() newEmail!: string;
  @Password() password!: string;
}

const REMEMBER_ME_SECONDS = 30 * 24 * 3600;
const SESSION_SECONDS = 12 * 3600;
const SIGNED_IN = ['guardian', 'staff', 'admin'] as const;

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    private readonly accounts: AccountService,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(SESSION_CODEC) private readonly sessions: SessionCodec,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_COOKIE_POLICY) private readonly cookies: SessionCookiePolicy,
  ) {}

  /** Creates the account (waiting for activation) and mails the activation link. */
  @Post('sign-up')
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.signUp)
  async signUp(@Body() body: SignUpDto): Promise<{ accountId: string; status: 'pending_activation' }> {
    const { requestId, termsAccepted: _terms, ...input } = body;
    const result = await this.commands.execute<SignUpCommand, SignUpResult>(
      new SignUpCommand(input, { actor: { kind: 'anonymous', id: 'sign-up' }, channel: 'web', requestId, now: this.clock.now() }),
    );
    await this.projections.waitFor(result.position);
    if (result.activation) await this.accounts.mailActivation(result, result.activation);
    return { accountId: result.accountId, status: 'pending_activation' };
  }

  @Post('activation')
  @Public()
  @HttpCode(200)
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.token)
  async activate(@Body() body: LinkDto) {
    await this.accounts.activate(body.accountId, body.token);
    return { status: 'active' };
  }

  /** Always the same answer: nobody learns whether an account exists. */
  @Post('activation/resend')
  @Public()
  @HttpCode(202)
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.mailLink)
  async resendActivation(@Body() body: EmailOnlyDto) {
    this.accounts.resendActivation(body.email);
    return { message: "Si un compte en attente d'activation correspond à cette adresse, un nouveau lien vient d'y être envoyé." };
  }

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.signIn)
  async signIn(@Body() body: SignInDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const account = await this.accounts.checkCredentials(body.email, body.password);
    if (!account) throw new DomainError('unauthenticated', 'INVALID_CREDENTIALS', 'E-mail ou mot de passe incorrect.');
    if (account.status !== 'active') {
      throw forbidden('ACCOUNT_NOT_ACTIVATED', "Votre compte n'est pas encore activé : suivez le lien reçu par e-mail, ou demandez-en un nouveau.");
    }
    const lifetime = body.rememberMe ? REMEMBER_ME_SECONDS : SESSION_SECONDS;
    const nowMs = Date.parse(this.clock.now());
    const sessionId = await this.accounts.sessions.open(account._id, nowMs, lifetime);
    response.cookie(SESSION_COOKIE, this.sessions.issue(account._id, sessionId, nowMs, lifetime), {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.cookies.secure || request.secure,
      path: '/',
      ...(body.rememberMe ? { maxAge: lifetime * 1000 } : {}),
    });
    return this.describe(toSessionUser(account));
  }

  /** Ends the session on the server too: the cookie, even if kept, no longer opens anything. */
  @Post('sign-out')
  @Public()
  @HttpCode(204)
  async signOut(@CurrentUser() user: SessionUser | undefined, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (user?.sessionId) await this.accounts.sessions.revoke(user.sessionId);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @Roles(...SIGNED_IN)
  me(@CurrentUser() user: SessionUser) {
    return this.describe(user);
  }

  @Post('password/forgot')
  @Public()
  @HttpCode(202)
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.mailLink)
  async forgotPassword(@Body() body: EmailOnlyDto) {
    this.accounts.forgotPassword(body.email);
    return { message: "Si un compte correspond à cette adresse, un lien pour choisir un nouveau mot de passe vient d'y être envoyé." };
  }

  @Post('password/reset')
  @Public()
  @HttpCode(200)
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.token)
  async resetPassword(@Body() body: ResetPasswordDto) {
    await this.accounts.resetPassword(body.accountId, body.token, body.password, body.passwordConfirmation);
    return { status: 'password_changed' };
  }

  @Post('password/change')
  @Roles(...SIGNED_IN)
  @HttpCode(200)
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.signIn)
  async changePassword(@Body() body: ChangePasswordDto, @CurrentUser() user: SessionUser) {
    await this.accounts.changePassword(user, body.currentPassword, body.password, body.passwordConfirmation);
    return { status: 'password_changed' };
  }

  @Post('email/change')
  @Roles(...SIGNED_IN)
  @HttpCode(202)
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.mailLink)
  async changeEmail(@Body() body: ChangeEmailDto, @CurrentUser() user: SessionUser) {
    await this.accounts.requestEmailChange(user, body.newEmail, body.password, body.requestId);
    return { message: 'Un lien de confirmation vient d’être envoyé à la nouvelle adresse.' };
  }

  @Post('email/confirm')
  @Public()
  @HttpCode(200)
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.token)
  async confirmEmail(@Body() body: LinkDto) {
    await this.accounts.confirmEmailChange(body.accountId, body.token);
    return { status: 'email_changed' };
  }

  private async describe(user: SessionUser) {
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(user.communeId);
    const { sessionId: _sid, ...visible } = user;
    return { ...visible, communeName: commune?.name ?? user.communeId };
  }
}

import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Equals, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { DomainError, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { normalizeEmail } from './account.decider';
import { ACCOUNTS, type AccountDocument } from './accounts.projection';
import { CurrentUser, Public, Roles, SESSION_CODEC, toSessionUser } from './access';
import { DUMMY_HASH, verifyPassword } from './password-hasher';
import { SESSION_COOKIE, SessionCodec, type SessionUser } from './session';
import { SignUpCommand, type SignUpResult } from './sign-up.handler';

export class SignInDto {
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: "L'adresse e-mail est trop longue." })
  email!: string;

  @IsString({ message: 'Le mot de passe est obligatoire.' })
  @Length(1, 128, { message: 'Le mot de passe est obligatoire.' })
  password!: string;

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

  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: "L'adresse e-mail est trop longue." })
  email!: string;

  @IsString({ message: 'Le mot de passe est obligatoire.' })
  @MaxLength(128, { message: 'Le mot de passe ne doit pas dépasser 128 caractères.' })
  password!: string;

  @IsString({ message: 'La confirmation du mot de passe est obligatoire.' })
  @MaxLength(128, { message: 'Le mot de passe ne doit pas dépasser 128 caractères.' })
  passwordConfirmation!: string;

  @Equals(true, { message: 'Vous devez accepter les conditions générales d’utilisation.' })
  termsAccepted!: boolean;
}

const REMEMBER_ME_SECONDS = 30 * 24 * 3600;
const SESSION_SECONDS = 12 * 3600;

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(SESSION_CODEC) private readonly sessions: SessionCodec,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('sign-up')
  @Public()
  async signUp(@Body() body: SignUpDto): Promise<{ accountId: string }> {
    const { requestId, termsAccepted: _terms, ...input } = body;
    const result = await this.commands.execute<SignUpCommand, SignUpResult>(
      new SignUpCommand(input, { actor: { kind: 'anonymous', id: 'sign-up' }, channel: 'web', requestId, now: this.clock.now() }),
    );
    await this.projections.waitFor(result.position);
    return { accountId: result.accountId };
  }

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  async signIn(@Body() body: SignInDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const account = (await this.reads.collection<AccountDocument>(ACCOUNTS).find({ email: normalizeEmail(body.email) }, { limit: 1 }))[0];
    const valid = await verifyPassword(account?.passwordHash ?? DUMMY_HASH, body.password);
    if (!account || !valid) {
      throw new DomainError('unauthenticated', 'INVALID_CREDENTIALS', 'E-mail ou mot de passe incorrect.');
    }
    const lifetime = body.rememberMe ? REMEMBER_ME_SECONDS : SESSION_SECONDS;
    response.cookie(SESSION_COOKIE, this.sessions.issue(account._id, Date.parse(this.clock.now()), lifetime), {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.secure,
      path: '/',
      ...(body.rememberMe ? { maxAge: lifetime * 1000 } : {}),
    });
    return this.describe(toSessionUser(account));
  }

  @Post('sign-out')
  @Public()
  @HttpCode(204)
  signOut(@Res({ passthrough: true }) response: Response): void {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @Roles('guardian', 'staff', 'admin')
  me(@CurrentUser() user: SessionUser) {
    return this.describe(user);
  }

  private async describe(user: SessionUser) {
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(user.communeId);
    return { ...user, communeName: commune?.name ?? user.communeId };
  }
}

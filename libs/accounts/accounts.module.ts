import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { FAMILY_ACCOUNTS } from '@pf/families';
import { SESSION_ACCOUNTS, accountTracked, AuthThrottlerGuard, type AuthRequest } from '@pf/identity';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { AccountsOfFamilies } from './family-accounts.provider';
import { RegisterStaffAccountHandler } from './register-staff.handler';
import { AccountsSessionUsers } from './session-accounts';
import { SignUpHandler } from './sign-up.handler';

/** Global: the identity guard and the family file reach accounts through the ports this module provides. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRoot({
      throttlers: [
        // Per address and e-mail tried (limits set per route, see AUTH_LIMITS)…
        { name: 'auth', ttl: 15 * 60_000, limit: 10 },
        // …per address alone, against one client trying many e-mails (credential stuffing)…
        { name: 'address', ttl: 15 * 60_000, limit: 100, getTracker: (req: AuthRequest) => String(req.ip) },
        // …and per account alone, against many addresses trying one account.
        {
          name: 'account',
          ttl: 15 * 60_000,
          limit: 30,
          getTracker: (req: AuthRequest) => accountTracked(req),
          skipIf: (context) => accountTracked(context.switchToHttp().getRequest()) === '',
        },
      ],
    }),
  ],
  controllers: [AuthController],
  providers: [
    SignUpHandler,
    RegisterStaffAccountHandler,
    AccountService,
    AuthThrottlerGuard,
    { provide: SESSION_ACCOUNTS, useClass: AccountsSessionUsers },
    { provide: FAMILY_ACCOUNTS, useClass: AccountsOfFamilies },
  ],
  exports: [AccountService, SESSION_ACCOUNTS, FAMILY_ACCOUNTS],
})
export class AccountsModule {}

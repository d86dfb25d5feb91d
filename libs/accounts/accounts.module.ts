import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { accountTracked, AuthThrottlerGuard } from './auth-throttler.guard';
import { RegisterStaffAccountHandler } from './register-staff.handler';
import { SignUpHandler } from './sign-up.handler';

/** Global: the family file closes accounts when a family is erased. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRoot({
      throttlers: [
        // Per address and e-mail tried (limits set per route, see AUTH_LIMITS)…
        { name: 'auth', ttl: 15 * 60_000, limit: 10 },
        // …per address alone, against one client trying many e-mails (credential stuffing)…
        { name: 'address', ttl: 15 * 60_000, limit: 100, getTracker: (req: Record<string, any>) => String(req.ip) },
        // …and per account alone, against many addresses trying one account.
        {
          name: 'account',
          ttl: 15 * 60_000,
          limit: 30,
          getTracker: (req: Record<string, any>) => accountTracked(req),
          skipIf: (context) => accountTracked(context.switchToHttp().getRequest()) === '',
        },
      ],
    }),
  ],
  controllers: [AuthController],
  providers: [SignUpHandler, RegisterStaffAccountHandler, AccountService, AuthThrottlerGuard],
  exports: [AccountService],
})
export class AccountsModule {}

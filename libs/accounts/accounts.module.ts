import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { AuthThrottlerGuard } from './auth-throttler.guard';
import { RegisterStaffAccountHandler } from './register-staff.handler';
import { SignUpHandler } from './sign-up.handler';

/** Global: the family file closes accounts when a family is erased. */
@Global()
@Module({
  imports: [ThrottlerModule.forRoot({ throttlers: [{ name: 'auth', ttl: 15 * 60_000, limit: 10 }] })],
  controllers: [AuthController],
  providers: [SignUpHandler, RegisterStaffAccountHandler, AccountService, AuthThrottlerGuard],
  exports: [AccountService],
})
export class AccountsModule {}

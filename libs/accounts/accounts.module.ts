import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { RegisterStaffAccountHandler } from './register-staff.handler';
import { SignUpHandler } from './sign-up.handler';

@Module({
  controllers: [AuthController],
  providers: [SignUpHandler, RegisterStaffAccountHandler],
})
export class AccountsModule {}

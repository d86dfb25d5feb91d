import { Module } from '@nestjs/common';
import { FamiliesController } from './families.controller';
import { FamilyFileService } from './family-file.service';
import { OpenFamilyFileHandler } from './open-family-file.handler';
import { PreRegistrationController } from './pre-registration.controller';
import { PreRegistrationService } from './pre-registration.service';

/** AccountService comes from the global AccountsModule (no module import: the two capabilities import each other's types). */
@Module({
  controllers: [FamiliesController, PreRegistrationController],
  providers: [OpenFamilyFileHandler, FamilyFileService, PreRegistrationService],
  exports: [FamilyFileService],
})
export class FamiliesModule {}

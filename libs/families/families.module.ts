import { Module } from '@nestjs/common';
import { ChildPhotoService } from './child-photo.service';
import { ChildPhotosController } from './child-photos.controller';
import { FamiliesController } from './families.controller';
import { FamilyFileService } from './family-file.service';
import { OpenFamilyFileHandler } from './open-family-file.handler';
import { PreRegistrationController } from './pre-registration.controller';
import { PreRegistrationService } from './pre-registration.service';

/** AccountService comes from the global AccountsModule (no module import: the two capabilities import each other's types). */
@Module({
  controllers: [FamiliesController, ChildPhotosController, PreRegistrationController],
  providers: [OpenFamilyFileHandler, FamilyFileService, PreRegistrationService, ChildPhotoService],
  exports: [FamilyFileService],
})
export class FamiliesModule {}

import { Module } from '@nestjs/common';
import { FAMILY_VISIBILITY } from '@pf/identity';
import { ChildPhotoService } from './child-photo.service';
import { ChildPhotosController } from './child-photos.controller';
import { FamiliesController } from './families.controller';
import { ReadModelFamilyVisibility } from './family-access';
import { FamilyFileService } from './family-file.service';
import { OpenFamilyFileHandler } from './open-family-file.handler';
import { PreRegistrationController } from './pre-registration.controller';
import { PreRegistrationService } from './pre-registration.service';

/** FAMILY_ACCOUNTS comes from the global AccountsModule (accounts depends on families, not the reverse). */
@Module({
  controllers: [FamiliesController, ChildPhotosController, PreRegistrationController],
  providers: [
    OpenFamilyFileHandler,
    FamilyFileService,
    PreRegistrationService,
    ChildPhotoService,
    { provide: FAMILY_VISIBILITY, useClass: ReadModelFamilyVisibility },
  ],
  exports: [FamilyFileService, FAMILY_VISIBILITY],
})
export class FamiliesModule {}

import { Module } from '@nestjs/common';
import { FamiliesController } from './families.controller';
import { FamilyFileService } from './family-file.service';
import { OpenFamilyFileHandler } from './open-family-file.handler';

/** AccountService comes from the global AccountsModule (no module import: the two capabilities import each other's types). */
@Module({
  controllers: [FamiliesController],
  providers: [OpenFamilyFileHandler, FamilyFileService],
  exports: [FamilyFileService],
})
export class FamiliesModule {}

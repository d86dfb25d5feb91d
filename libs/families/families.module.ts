import { Module } from '@nestjs/common';
import { FamiliesController } from './families.controller';
import { OpenFamilyFileHandler } from './open-family-file.handler';

@Module({
  controllers: [FamiliesController],
  providers: [OpenFamilyFileHandler],
})
export class FamiliesModule {}

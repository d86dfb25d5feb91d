import { Module } from '@nestjs/common';
import { FamiliesModule } from '@pf/families';
import { FamilyDocumentsController, PublicDocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

@Module({
  imports: [FamiliesModule],
  controllers: [FamilyDocumentsController, PublicDocumentsController],
  providers: [DocumentsService],
  exports: [DocumentsService],
})
export class DocumentsModule {}

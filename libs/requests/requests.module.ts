import { Module } from '@nestjs/common';
import { AttestationsModule } from '../attestations/attestations.module';
import { DocumentsModule } from '../documents/documents.module';
import { FamiliesModule } from '../families/families.module';
import { BulkDecisions, BulkDecisionsController } from './bulk-decisions';
import { MarkRequestsReadHandler } from './mark-requests-read.handler';
import { RequestsController } from './requests.controller';

@Module({
  imports: [FamiliesModule, DocumentsModule, AttestationsModule],
  controllers: [RequestsController, BulkDecisionsController],
  providers: [MarkRequestsReadHandler, BulkDecisions],
})
export class RequestsModule {}

import { Module } from '@nestjs/common';
import { AttestationsModule } from '@pf/attestations';
import { DocumentsModule } from '@pf/documents';
import { FamiliesModule } from '@pf/families';
import { BulkDecisions, BulkDecisionsController } from './bulk-decisions';
import { MarkRequestsReadHandler } from './mark-requests-read.handler';
import { RequestsController } from './requests.controller';

@Module({
  imports: [FamiliesModule, DocumentsModule, AttestationsModule],
  controllers: [RequestsController, BulkDecisionsController],
  providers: [MarkRequestsReadHandler, BulkDecisions],
})
export class RequestsModule {}

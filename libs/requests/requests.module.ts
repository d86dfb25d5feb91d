import { forwardRef, Module } from '@nestjs/common';
import { AttestationsModule } from '@pf/attestations';
import { DocumentsModule } from '@pf/documents';
import { FamiliesModule } from '@pf/families';
import { BulkDecisions, BulkDecisionsController } from './bulk-decisions';
import { MarkRequestsReadHandler } from './mark-requests-read.handler';
import { RequestsController } from './requests.controller';

/**
 * forwardRef: these capabilities' entries may still be loading when this file is (capabilities
 * that import requests, e.g. attestations → activities → reservations → requests); Nest reads
 * the modules once every file is loaded.
 */
@Module({
  imports: [forwardRef(() => FamiliesModule), forwardRef(() => DocumentsModule), forwardRef(() => AttestationsModule)],
  controllers: [RequestsController, BulkDecisionsController],
  providers: [MarkRequestsReadHandler, BulkDecisions],
})
export class RequestsModule {}

import { Module } from '@nestjs/common';
import { MarkRequestsReadHandler } from './mark-requests-read.handler';
import { RequestsController } from './requests.controller';

@Module({ controllers: [RequestsController], providers: [MarkRequestsReadHandler] })
export class RequestsModule {}

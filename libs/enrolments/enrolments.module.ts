import { Module } from '@nestjs/common';
import { EnrolmentsController } from './enrolments.controller';
import { RequestEnrolmentHandler } from './request-enrolment.handler';

@Module({
  controllers: [EnrolmentsController],
  providers: [RequestEnrolmentHandler],
})
export class EnrolmentsModule {}

import { Module } from '@nestjs/common';
import { RequestReservationHandler } from './request-reservation.handler';
import { ReservationsController } from './reservations.controller';

@Module({
  controllers: [ReservationsController],
  providers: [RequestReservationHandler],
})
export class ReservationsModule {}

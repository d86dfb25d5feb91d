import { Module } from '@nestjs/common';
import { BookingContextLoader } from './booking-context';
import { CancelReservationHandler, DecideRequestsHandler, DeclareAbsenceHandler, RecordAttendanceHandler } from './day-requests.handler';
import { PreviewReservationHandler, RequestPeriodReservationHandler, RequestReservationHandler } from './request-reservation.handler';
import { ReservationsController } from './reservations.controller';

@Module({
  controllers: [ReservationsController],
  providers: [
    BookingContextLoader,
    RequestReservationHandler,
    RequestPeriodReservationHandler,
    PreviewReservationHandler,
    CancelReservationHandler,
    DeclareAbsenceHandler,
    DecideRequestsHandler,
    RecordAttendanceHandler,
  ],
})
export class ReservationsModule {}

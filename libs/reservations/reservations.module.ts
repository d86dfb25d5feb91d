import { Module } from '@nestjs/common';
import { DocumentsModule } from '@pf/documents';
import { DeclareAbsenceWithCertificateHandler } from './absence-certificate.handler';
import { BookingCommands } from './booking-commands';
import { BookingContextLoader } from './booking-context';
import { CancelReservationHandler, DecideRequestsHandler, DeclareAbsenceHandler, RecordAttendanceHandler } from './day-requests.handler';
import { PlanningRequestsController } from './planning-requests.controller';
import { PreviewPeriodCancellationHandler, RequestPeriodCancellationHandler } from './period-cancellation.handler';
import { PreviewReservationHandler, RequestPeriodReservationHandler, RequestReservationHandler } from './request-reservation.handler';
import { ReservationsController } from './reservations.controller';
import { PreviewSelectionCopyHandler, RequestSelectionCopyHandler } from './selection-copy.handler';

@Module({
  imports: [DocumentsModule],
  controllers: [ReservationsController, PlanningRequestsController],
  providers: [
    BookingCommands,
    BookingContextLoader,
    RequestReservationHandler,
    RequestPeriodReservationHandler,
    PreviewReservationHandler,
    CancelReservationHandler,
    DeclareAbsenceHandler,
    DecideRequestsHandler,
    RecordAttendanceHandler,
    PreviewPeriodCancellationHandler,
    RequestPeriodCancellationHandler,
    PreviewSelectionCopyHandler,
    RequestSelectionCopyHandler,
    DeclareAbsenceWithCertificateHandler,
  ],
})
export class ReservationsModule {}

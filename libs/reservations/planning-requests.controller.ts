import { Body, Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { MAX_DOCUMENT_BYTES, type UploadedFile as File } from '@pf/documents';
import { DeclareAbsenceWithCertificateCommand, type CertifiedAbsenceOutcome } from './absence-certificate.handler';
import { validateDay, validatePeriod } from './period';
import { BookingCommands } from './booking-commands';
import { ActivityIdField, ChildIdField, ChildPeriodFields, DayField, RequestIdField } from './booking-fields';
import {
  PreviewPeriodCancellationCommand,
  RequestPeriodCancellationCommand,
  type PeriodCancellationOutcome,
  type PeriodCancellationPreview,
} from './period-cancellation.handler';
import {
  MAX_SELECTED_DAYS,
  PreviewSelectionCopyCommand,
  RequestSelectionCopyCommand,
  type SelectionCopyOutcome,
  type SelectionCopyPreview,
} from './selection-copy.handler';

class CancellationPeriodFields extends ChildPeriodFields {
  @IsOptional() @IsString({ message: 'Le motif est un texte.' }) @MaxLength(300, { message: 'Le motif ne doit pas dépasser 300 caractères.' }) reason?: string;
}

/** The days the child holds in the period, what cancelling them would give: nothing is written. */
export class PreviewPeriodCancellationDto extends CancellationPeriodFields {}

export class RequestPeriodCancellationDto extends CancellationPeriodFields {
  @RequestIdField() requestId!: string;
}

export class SelectedDayDto {
  @ChildIdField() childId!: string;
  @ActivityIdField() activityId!: string;
  @DayField() day!: string;
}

class SelectionCopyFields {
  @IsArray({ message: 'Les jours à recopier sont une liste.' })
  @ArrayMinSize(1, { message: 'Choisissez au moins un jour à recopier.' })
  @ArrayMaxSize(MAX_SELECTED_DAYS, { message: `Au plus ${MAX_SELECTED_DAYS} jours à recopier à la fois.` })
  @ValidateNested({ each: true })
  @Type(() => SelectedDayDto)
  selection!: SelectedDayDto[];
  @DayField() until!: string;
  @IsOptional() @IsBoolean({ message: 'La réservation tardive est oui ou non.' }) late?: boolean;
}

/** What copying the selection would give on each day: nothing is written. */
export class PreviewSelectionCopyDto extends SelectionCopyFields {}

export class RequestSelectionCopyDto extends SelectionCopyFields {
  @RequestIdField() requestId!: string;
}

/** multipart/form-data: the certificate in `file` (PDF, JPEG or PNG, 10 MB at most), beside these fields. */
export class DeclareAbsenceWithCertificateDto {
  @RequestIdField() requestId!: string;
  @ChildIdField() childId!: string;
  @ActivityIdField() activityId!: string;
  @DayField() day!: string;
}

/** multer keeps the file in memory (10 MB at most) so its content is checked before anything is stored. */
const oneFile = () => FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10 } });

/**
 * What a family asks about several days at once, each with a preview first: copying a week's
 * selection to the following weeks, cancelling a period; and an absence with its medical
 * certificate attached.
 */
@Controller('api/reservations')
export class PlanningRequestsController {
  constructor(private readonly bookings: BookingCommands) {}

  /** Each day the child holds in the period, and whether it would be cancelled, kept past the deadline (and why) or left to the service. */
  @Post('cancellations/preview')
  @HttpCode(200)
  @Roles('guardian', 'staff', 'admin')
  previewCancellation(@Body() body: PreviewPeriodCancellationDto, @CurrentUser() user: SessionUser): Promise<PeriodCancellationPreview> {
    validatePeriod(body.from, body.to, body.weekdays);
    return this.bookings.preview(new PreviewPeriodCancellationCommand({ ...body }, user, this.bookings.context(user)));
  }

  /** One request cancelling the child's days of an activity over a period, each day decided on its own. */
  @Post('cancellations/period')
  @Roles('guardian', 'staff', 'admin')
  cancelPeriod(@Body() body: RequestPeriodCancellationDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    validatePeriod(input.from, input.to, input.weekdays);
    return this.bookings.answer<PeriodCancellationOutcome>(new RequestPeriodCancellationCommand(input, user, this.bookings.request(user, requestId)));
  }

  /** « Recopier la sélection »: what copying the chosen days to the following weeks would give, day by day. */
  @Post('copies/preview')
  @HttpCode(200)
  @Roles('guardian', 'staff', 'admin')
  previewCopy(@Body() body: PreviewSelectionCopyDto, @CurrentUser() user: SessionUser): Promise<SelectionCopyPreview> {
    return this.bookings.preview(
      new PreviewSelectionCopyCommand({ ...body, selection: body.selection.map((s) => ({ ...s })) }, user, this.bookings.context(user)),
    );
  }

  /** One request copying the chosen days of one week to each following week until a date. */
  @Post('copies')
  @Roles('guardian', 'staff', 'admin')
  copy(@Body() body: RequestSelectionCopyDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    return this.bookings.answer<SelectionCopyOutcome>(new RequestSelectionCopyCommand({ ...input, selection: input.selection.map((s) => ({ ...s })) }, user, this.bookings.request(user, requestId)));
  }

  /** An absence for illness with its medical certificate (multipart/form-data: file + requestId, childId, activityId, day). */
  @Post('absences/with-certificate')
  @Roles('guardian', 'staff', 'admin')
  @UseInterceptors(oneFile())
  absenceWithCertificate(@Body() body: DeclareAbsenceWithCertificateDto, @UploadedFile() file: File | undefined, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    validateDay(input.day, 'day');
    return this.bookings.answer<CertifiedAbsenceOutcome>(new DeclareAbsenceWithCertificateCommand(input, file, user, this.bookings.request(user, requestId)));
  }
}

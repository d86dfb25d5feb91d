import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { CurrentUser, Public, Roles, AUTH_LIMITS, AuthThrottlerGuard } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { ChildDto, DecisionDto, GuardianDto } from './family.dto';
import { PreRegistrationService } from './pre-registration.service';

export class PreRegistrationDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." }) requestId!: string;
  @IsString({ message: 'La commune est obligatoire.' }) @Matches(/^[a-z0-9-]{2,60}$/, { message: 'Commune inconnue.' }) communeId!: string;
  @ArrayMinSize(1, { message: 'Indiquez au moins un responsable.' }) @ArrayMaxSize(2, { message: 'Deux responsables au plus.' }) @ValidateNested({ each: true }) @Type(() => GuardianDto)
  guardians!: GuardianDto[];
  @ArrayMinSize(1, { message: 'Ajoutez au moins un enfant.' }) @ArrayMaxSize(12, { message: 'Douze enfants au plus.' }) @ValidateNested({ each: true }) @Type(() => ChildDto)
  children!: ChildDto[];
  @IsOptional() @IsString({ message: 'Le message doit être un texte.' }) @Length(0, 1000, { message: 'Le message ne doit pas dépasser 1000 caractères.' }) message?: string;
}

export class DeclinePreRegistrationDto extends DecisionDto {
  @IsIn(['DUPLICATE', 'OUT_OF_AREA', 'OTHER'], { message: 'Motif : doublon, hors commune ou autre.' }) reasonCode!: 'DUPLICATE' | 'OUT_OF_AREA' | 'OTHER';
}

@Controller('api/pre-registrations')
export class PreRegistrationController {
  constructor(private readonly preRegistrations: PreRegistrationService) {}

  /** A family without a code abonné asks the service to open its file. */
  @Post()
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Throttle(AUTH_LIMITS.signUp)
  submit(@Body() body: PreRegistrationDto) {
    return this.preRegistrations.submit(body);
  }

  @Get()
  @Roles('staff', 'admin')
  async list(@CurrentUser() user: SessionUser) {
    const items = await this.preRegistrations.list(user.communeId);
    return { items: items.map(({ _id, communeId: _c, ...p }) => ({ preRegistrationId: _id, ...p })) };
  }

  @Post(':preRegistrationId/open-file')
  @Roles('staff', 'admin')
  openFile(@Param('preRegistrationId', new ParseUUIDPipe()) id: string, @Body() body: DecisionDto, @CurrentUser() user: SessionUser) {
    return this.preRegistrations.openFile(user, id, body.requestId);
  }

  @Post(':preRegistrationId/decline')
  @Roles('staff', 'admin')
  @HttpCode(204)
  async decline(@Param('preRegistrationId', new ParseUUIDPipe()) id: string, @Body() body: DeclinePreRegistrationDto, @CurrentUser() user: SessionUser) {
    await this.preRegistrations.decline(user, id, body.reasonCode, body.requestId);
  }
}

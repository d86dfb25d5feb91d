import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor } from '../accounts/command-context.factory';
import { CurrentUser, Roles } from '../accounts/access';
import type { SessionUser } from '../accounts/session';
import { FAMILIES, type FamilyDocument } from './families.projection';
import { childColour, familyVisibleTo } from './family-access';
import { OpenFamilyFileCommand, type OpenFamilyFileResult } from './open-family-file.handler';

export class GuardianDto {
  @IsIn(['Mme', 'M'], { message: 'Choisissez une civilité.' })
  civility!: 'Mme' | 'M';

  @IsString({ message: 'Le nom est obligatoire.' })
  @Length(1, 80, { message: 'Le nom doit compter de 1 à 80 caractères.' })
  lastName!: string;

  @IsString({ message: 'Le prénom est obligatoire.' })
  @Length(1, 80, { message: 'Le prénom doit compter de 1 à 80 caractères.' })
  firstName!: string;

  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: "L'adresse e-mail est trop longue." })
  email!: string;
}

export class ChildDto {
  @IsString({ message: 'Le prénom est obligatoire.' })
  @Length(1, 80, { message: 'Le prénom doit compter de 1 à 80 caractères.' })
  firstName!: string;

  @IsString({ message: 'Le nom est obligatoire.' })
  @Length(1, 80, { message: 'Le nom doit compter de 1 à 80 caractères.' })
  lastName!: string;

  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'La date de naissance doit être une date valide (AAAA-MM-JJ).' })
  @Length(10, 10, { message: 'La date de naissance doit être au format AAAA-MM-JJ.' })
  birthDate!: string;

  @IsOptional()
  @IsString({ message: 'La classe doit être un texte.' })
  @MaxLength(40, { message: 'La classe ne doit pas dépasser 40 caractères.' })
  schoolClass?: string;
}

export class OpenFamilyFileDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @ValidateNested()
  @Type(() => GuardianDto)
  guardian!: GuardianDto;

  @ArrayMinSize(1, { message: 'Ajoutez au moins un enfant.' })
  @ArrayMaxSize(12, { message: 'Un dossier compte au plus 12 enfants.' })
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children!: ChildDto[];
}

@Controller('api/families')
export class FamiliesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('staff', 'admin')
  async open(@Body() body: OpenFamilyFileDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    const result = await this.commands.execute<OpenFamilyFileCommand, OpenFamilyFileResult>(
      new OpenFamilyFileCommand(input, contextFor(user, this.clock.now(), requestId)),
    );
    await this.projections.waitFor(result.position);
    const { position: _position, ...response } = result;
    return response;
  }

  @Get()
  @Roles('staff', 'admin')
  async list(@CurrentUser() user: SessionUser) {
    const families = await this.reads.collection<FamilyDocument>(FAMILIES).find({ communeId: user.communeId }, { sort: { name: 1 } });
    return {
      items: families.map((f) => ({
        familyId: f._id,
        name: f.name,
        subscriberCode: f.subscriberCode,
        guardians: f.guardians.map((g) => ({ firstName: g.firstName, lastName: g.lastName, email: g.email, hasAccount: g.accountId !== null })),
        children: f.children.map(({ childId, firstName, lastName, birthDate }) => ({ childId, firstName, lastName, birthDate })),
      })),
    };
  }

  @Get(':familyId')
  @Roles('guardian', 'staff', 'admin')
  async get(@Param('familyId', new ParseUUIDPipe()) familyId: string, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    return {
      familyId: family._id,
      name: family.name,
      ...(user.role === 'guardian' ? {} : { subscriberCode: family.subscriberCode }),
      guardians: family.guardians.map(({ accountId, ...g }) => ({ ...g, hasAccount: accountId !== null })),
      children: family.children.map((c, index) => ({ ...c, colour: childColour(index) })),
    };
  }
}

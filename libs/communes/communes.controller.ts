import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { READ_STORE } from '@pf/event-sourcing';
import type { Filter, ReadStore } from '@pf/read-store';
import { Public } from '@pf/identity';
import { PageDto, PageQueryDto, pageOf } from '@pf/http';
import { communeSearchKey } from './commune-search';
import { COMMUNES, type CommuneDocument } from './communes.projection';

export class CommunesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Début du nom ou d’un mot du nom (accents, majuscules et tirets indifférents)', example: 'st hil' })
  @IsOptional()
  @IsString({ message: 'La recherche doit être un texte.' })
  @MaxLength(100, { message: 'La recherche ne doit pas dépasser 100 caractères.' })
  q?: string;
}

export class PublicCommuneDto {
  @ApiProperty({ example: 'saint-hilaire-du-bois' })
  communeId!: string;
  @ApiProperty({ example: 'Saint-Hilaire-du-Bois' })
  name!: string;
  @ApiProperty({ example: 'Service enfance' })
  serviceName!: string;
}

export class PublicCommunesDto extends PageDto {
  @ApiProperty({ type: [PublicCommuneDto] })
  items!: PublicCommuneDto[];
}

/**
 * The communes served by this portal, for a family that has no account yet (pre-registration):
 * names only, the same for everyone, read-only.
 */
@ApiTags('communes')
@Controller('api/communes')
export class CommunesController {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Communes du portail, par ordre alphabétique, filtrées par nom (public)' })
  @ApiOkResponse({ type: PublicCommunesDto })
  async list(@Query() query: CommunesQueryDto): Promise<PublicCommunesDto> {
    const { limit, offset } = pageOf(query, 20);
    const key = communeSearchKey(query.q);
    const filter: Filter = key ? { searchKeys: key } : {};
    const communes = this.reads.collection<CommuneDocument>(COMMUNES);
    const [docs, total] = await Promise.all([communes.find(filter, { sort: { sortName: 1, _id: 1 }, skip: offset, limit }), communes.count(filter)]);
    return { items: docs.map((c) => ({ communeId: c.communeId, name: c.name, serviceName: c.serviceName })), total, limit, offset };
  }
}

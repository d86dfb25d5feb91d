import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** ?limit=&offset= on every list; validated like any input (400 VALIDATION_FAILED otherwise). */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: "Nombre d'éléments par page" })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit doit être un entier.' })
  @Min(1, { message: 'limit doit valoir au moins 1.' })
  @Max(200, { message: 'limit ne doit pas dépasser 200.' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Nombre d’éléments à sauter' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset doit être un entier.' })
  @Min(0, { message: 'offset ne peut pas être négatif.' })
  @Max(1_000_000, { message: 'offset ne doit pas dépasser 1 000 000.' })
  offset?: number;
}

export const pageOf = (query: PageQueryDto, defaultLimit = 50) => ({ limit: query.limit ?? defaultLimit, offset: query.offset ?? 0 });

export class PageDto {
  @ApiProperty({ description: 'Nombre total d’éléments correspondant aux filtres' })
  total!: number;
  @ApiProperty()
  limit!: number;
  @ApiProperty()
  offset!: number;
}

/** YYYY-MM-DD */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { PortalValidationPipe } from './validation';

class PersonDto {
  @IsString() @Length(1, 80) lastName!: string;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

class MarkDto {
  @IsUUID('all') childId!: string;
}

class AudienceDto {
  @IsIn(['commune', 'activity']) kind!: string;
  @ValidateIf((a: AudienceDto) => a.kind === 'activity') @IsUUID('all') activityId?: string;
}

class CommandDto {
  @IsUUID('all') requestId!: string;
  @ValidateNested() @Type(() => PersonDto) guardian!: PersonDto;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => MarkDto) marks?: MarkDto[];
  @IsOptional() @ValidateNested() @Type(() => AudienceDto) audience?: AudienceDto;
  @IsOptional() @IsISO8601({ strict: true }) @Length(10, 10) birthDate?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) publishFrom?: string;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() capacity?: number | null;
}

const pipe = new PortalValidationPipe();
const REQUEST = '6f1c8f7e-3b2a-4c1d-9e8f-1a2b3c4d5e6f';
const valid = { requestId: REQUEST, guardian: { lastName: 'Martin' } };

async function problems(body: unknown) {
  try {
    await pipe.transform(body, { type: 'body', metatype: CommandDto });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    const response = (error as BadRequestException).getResponse() as { code: string; details: Array<{ field: string; code: string; message: string }> };
    expect(response.code).toBe('VALIDATION_FAILED');
    return response.details.map((d) => `${d.field} ${d.code}`);
  }
}

describe('PortalValidationPipe', () => {
  it('accepts ordinary French text, multi-line notes and nullable fields', async () => {
    expect(await problems({ ...valid, guardian: { lastName: 'Lefèvre-d’Aubigné', notes: 'Allergie :\n\t— arachide 🥜' }, capacity: null })).toEqual([]);
    expect(await problems({ ...valid, audience: { kind: 'activity', activityId: REQUEST }, marks: [{ childId: REQUEST }], birthDate: '2019-03-04' })).toEqual([]);
  });

  it('refuses a list where one nested object is declared, and lists of lists where objects are', async () => {
    expect(await problems({ ...valid, guardian: [] })).toEqual(['guardian OBJECT_EXPECTED']);
    expect(await problems({ ...valid, audience: [] })).toEqual(['audience OBJECT_EXPECTED']);
    expect(await problems({ ...valid, marks: [[]] })).toEqual(['marks.0 OBJECT_EXPECTED']);
  });

  it('refuses control, bidi and invisible characters per field', async () => {
    expect(await problems({ ...valid, guardian: { lastName: 'Martin\u202E' } })).toEqual(['guardian.lastName CONTROL_CHARACTERS']);
    expect(await problems({ ...valid, guardian: { lastName: '\u200B\u200B' } })).toEqual(['guardian.lastName INVISIBLE_TEXT']);
    expect(await problems({ ...valid, guardian: { lastName: '   ' } })).toEqual(['guardian.lastName BLANK_TEXT']);
    expect(await problems({ ...valid, guardian: { lastName: 'Jean\nMartin' } })).toEqual(['guardian.lastName CONTROL_CHARACTERS']);
    expect(await problems({ ...valid, guardian: { lastName: 'Martin', notes: 'a\u0000b' } })).toEqual(['guardian.notes CONTROL_CHARACTERS']);
  });

  it('refuses a value in a field its @ValidateIf condition leaves unchecked', async () => {
    expect(await problems({ ...valid, audience: { kind: 'commune', activityId: { $ne: null } } })).toEqual(['audience.activityId FIELD_NOT_EXPECTED']);
    expect(await problems({ ...valid, audience: { kind: 'commune' } })).toEqual([]);
  });

  it('refuses days outside 1900–2100 (a day that does not exist is left to the capabilities: 422 DATE_INVALID)', async () => {
    expect(await problems({ ...valid, publishFrom: '2026-02-30' })).toEqual([]);
    expect(await problems({ ...valid, publishFrom: '0000-01-01' })).toEqual(['publishFrom DATE_OUT_OF_RANGE']);
    expect(await problems({ ...valid, birthDate: '9999-12-31' })).toEqual(['birthDate DATE_OUT_OF_RANGE']);
    expect(await problems({ ...valid, publishFrom: '2100-12-31', birthDate: '1900-01-01' })).toEqual([]);
  });

  it('words class-validator’s own refusals in French', async () => {
    for (const body of [[valid], 'requestId', null]) {
      const response = await pipe.transform(body, { type: 'body', metatype: CommandDto }).catch((e: BadRequestException) => e.getResponse());
      expect(response).toEqual({ code: 'VALIDATION_FAILED', message: 'Certaines informations sont manquantes ou invalides.', details: [{ field: 'body', code: 'OBJECT_EXPECTED', message: 'Le contenu envoyé doit être un objet JSON.' }] });
    }
    const nested = await pipe.transform({ ...valid, guardian: 'x' }, { type: 'body', metatype: CommandDto }).catch((e: BadRequestException) => e.getResponse());
    expect(nested).toMatchObject({ details: [{ field: 'guardian', code: 'NESTED_VALIDATION', message: 'Un objet est attendu ici.' }] });
  });

  it('checks query DTOs for control characters but not for blank texts', async () => {
    await expect(pipe.transform({ lastName: '  ' }, { type: 'query', metatype: PersonDto })).resolves.toBeDefined();
    await expect(pipe.transform({ lastName: 'a\u0000' }, { type: 'query', metatype: PersonDto })).rejects.toBeInstanceOf(BadRequestException);
  });
});

import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { completeSchemasFromValidators } from './openapi-from-validators';

class ContactDto {
  @IsString() @Length(1, 80) lastName!: string;
  @Matches(/^0\d{9}$/) phone!: string;
}

class ChildDto {
  @IsISO8601({ strict: true }) @Length(10, 10) birthDate!: string;
  @IsOptional() @IsIn(['F', 'M']) sex?: 'F' | 'M';
  @IsOptional() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => ContactDto) contacts?: ContactDto[];
}

class OpenDto {
  @IsUUID('all') requestId!: string;
  @IsEmail() email!: string;
  @ValidateNested() @Type(() => ChildDto) child!: ChildDto;
  @IsInt() @Min(0) @Max(100) quotient!: number;
  @IsOptional() @IsBoolean() consent?: boolean;
  @ValidateIf((_, v) => v !== null) @IsInt() capacity!: number | null;
}

describe('completeSchemasFromValidators', () => {
  it('documents what the validators enforce, nested classes included', () => {
    const schemas: Record<string, Record<string, unknown>> = { OpenDto: { type: 'object', properties: { email: { type: 'string', description: 'Adresse' } } } };
    completeSchemasFromValidators(schemas, [OpenDto]);
    expect(schemas.OpenDto).toEqual({
      type: 'object',
      properties: {
        requestId: { type: 'string', format: 'uuid' },
        email: { type: 'string', format: 'email', description: 'Adresse' },
        child: { $ref: '#/components/schemas/ChildDto' },
        quotient: { type: 'integer', minimum: 0, maximum: 100 },
        consent: { type: 'boolean' },
        capacity: { type: 'integer', nullable: true },
      },
      required: ['requestId', 'email', 'child', 'quotient', 'capacity'],
    });
    expect(schemas.ChildDto).toEqual({
      type: 'object',
      properties: {
        birthDate: { type: 'string', format: 'date' },
        sex: { type: 'string', enum: ['F', 'M'] },
        contacts: { type: 'array', items: { $ref: '#/components/schemas/ContactDto' }, maxItems: 10 },
      },
      required: ['birthDate'],
    });
    expect(schemas.ContactDto).toEqual({
      type: 'object',
      properties: { lastName: { type: 'string', minLength: 1, maxLength: 80 }, phone: { type: 'string', pattern: '^0\\d{9}$' } },
      required: ['lastName', 'phone'],
    });
  });
});

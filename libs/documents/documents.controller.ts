import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { MAX_DOCUMENT_BYTES } from './content-type';
import { DOCUMENT_KINDS, type DocumentKind } from './document.events';
import { DocumentsService, type UploadedFile as File } from './documents.service';

const RequestId = (): PropertyDecorator => IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." });

export class UploadDocumentDto {
  @RequestId() requestId!: string;
  @IsIn(DOCUMENT_KINDS, { message: 'Type de document : attestation CAF, PAI ou certificat médical.' }) kind!: DocumentKind;
  @IsOptional() @IsUUID('all', { message: "L'identifiant de l'enfant doit être un UUID." }) childId?: string;
}

export class PublishDocumentDto {
  @RequestId() requestId!: string;
  @IsString({ message: 'Le titre est obligatoire.' }) @Length(1, 120, { message: 'Le titre compte de 1 à 120 caractères.' }) title!: string;
}

export class DecideDocumentDto {
  @RequestId() requestId!: string;
}

export class RefuseDocumentDto extends DecideDocumentDto {
  @IsString({ message: 'Le motif est obligatoire.' }) @Length(1, 500, { message: 'Le motif compte de 1 à 500 caractères.' }) reason!: string;
}

/** multer keeps the file in memory (10 MB at most) so its content can be checked before anything is stored. */
const oneFile = () => FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10 } });
const uuid = () => new ParseUUIDPipe();

function send(response: Response, file: { doc: { contentType: string; fileName: string }; bytes: Buffer }) {
  response.type(file.doc.contentType);
  response.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.doc.fileName || 'document')}`);
  response.setHeader('x-content-type-options', 'nosniff');
  response.send(file.bytes);
}

@Controller('api/families/:familyId/documents')
export class FamilyDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** multipart/form-data: file + requestId, kind, childId (optional). */
  @Post()
  @Roles('guardian', 'staff', 'admin')
  @UseInterceptors(oneFile())
  upload(@Param('familyId', uuid()) familyId: string, @Body() body: UploadDocumentDto, @UploadedFile() file: File | undefined, @CurrentUser() user: SessionUser) {
    return this.documents.upload(user, familyId, body, file);
  }

  @Get()
  @Roles('guardian', 'staff', 'admin')
  async list(@Param('familyId', uuid()) familyId: string, @CurrentUser() user: SessionUser) {
    return { items: await this.documents.familyDocuments(user.communeId, familyId) };
  }

  @Get(':documentId/content')
  @Roles('guardian', 'staff', 'admin')
  async content(@Param('familyId', uuid()) familyId: string, @Param('documentId', uuid()) documentId: string, @CurrentUser() user: SessionUser, @Res() response: Response) {
    send(response, await this.documents.familyContent(user.communeId, familyId, documentId));
  }

  @Post(':documentId/accept')
  @Roles('staff', 'admin')
  @HttpCode(200)
  accept(@Param('familyId', uuid()) familyId: string, @Param('documentId', uuid()) documentId: string, @Body() body: DecideDocumentDto, @CurrentUser() user: SessionUser) {
    return this.documents.decide(user, familyId, documentId, body.requestId);
  }

  @Post(':documentId/refuse')
  @Roles('staff', 'admin')
  @HttpCode(200)
  refuse(@Param('familyId', uuid()) familyId: string, @Param('documentId', uuid()) documentId: string, @Body() body: RefuseDocumentDto, @CurrentUser() user: SessionUser) {
    return this.documents.decide(user, familyId, documentId, body.requestId, body.reason);
  }
}

@Controller('api/documents/public')
export class PublicDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** Staff publish a document for every family (règlement intérieur, guides). */
  @Post()
  @Roles('staff', 'admin')
  @UseInterceptors(oneFile())
  publish(@Body() body: PublishDocumentDto, @UploadedFile() file: File | undefined, @CurrentUser() user: SessionUser) {
    return this.documents.publish(user, body, file);
  }

  @Get()
  @Roles('guardian', 'staff', 'admin')
  async list(@CurrentUser() user: SessionUser) {
    return { items: await this.documents.publicDocuments(user.communeId) };
  }

  @Get(':documentId/content')
  @Roles('guardian', 'staff', 'admin')
  async content(@Param('documentId', uuid()) documentId: string, @CurrentUser() user: SessionUser, @Res() response: Response) {
    send(response, await this.documents.publicContent(user.communeId, documentId));
  }

  @Post(':documentId/withdraw')
  @Roles('staff', 'admin')
  @HttpCode(204)
  async withdraw(@Param('documentId', uuid()) documentId: string, @Body() body: DecideDocumentDto, @CurrentUser() user: SessionUser) {
    await this.documents.withdraw(user, documentId, body.requestId);
  }
}

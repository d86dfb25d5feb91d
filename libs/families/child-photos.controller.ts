import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { IsUUID } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { MAX_PHOTO_BYTES } from './child-photo';
import { ChildPhotoService } from './child-photo.service';

export class UploadPhotoDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." }) requestId!: string;
}

const uuid = () => new ParseUUIDPipe();

/** Every route has `:familyId`: the access guard lets through only the family's guardians and its commune's staff. */
@Controller('api/families/:familyId')
export class ChildPhotosController {
  constructor(private readonly photos: ChildPhotoService) {}

  /**
   * multipart/form-data: file (JPEG or PNG, 5 MB at most) + requestId. Staff set the photo at
   * once; a parent's photo is a change of the file that waits for staff, as other child fields.
   */
  @Post('children/:childId/photo')
  @Roles('guardian', 'staff', 'admin')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 5 } }))
  upload(
    @Param('familyId', uuid()) familyId: string,
    @Param('childId', uuid()) childId: string,
    @Body() body: UploadPhotoDto,
    @UploadedFile() file: { buffer: Buffer; size: number } | undefined,
    @CurrentUser() user: SessionUser,
  ) {
    return this.photos.upload(user, familyId, childId, body.requestId, file);
  }

  /** The photo itself (current or waiting for staff), kept in no cache: it must go with an erasure. */
  @Get('photos/:photoId')
  @Roles('guardian', 'staff', 'admin')
  async photo(@Param('familyId', uuid()) familyId: string, @Param('photoId', uuid()) photoId: string, @CurrentUser() user: SessionUser, @Res() response: Response) {
    const { bytes, contentType } = await this.photos.photo(user.communeId, familyId, photoId);
    response.type(contentType);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('cache-control', 'private, no-store');
    response.setHeader('content-disposition', 'inline');
    response.send(bytes);
  }
}

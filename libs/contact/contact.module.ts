import { Module } from '@nestjs/common';
import { ContactController } from './contact.controller';
import { ContactHandler } from './contact.handlers';

@Module({ controllers: [ContactController], providers: [ContactHandler] })
export class ContactModule {}

import { Module } from '@nestjs/common';
import { CommunesController } from './communes.controller';
import { RegisterCommuneHandler } from './register-commune.handler';

@Module({ controllers: [CommunesController], providers: [RegisterCommuneHandler] })
export class CommunesModule {}

import { Module } from '@nestjs/common';
import { RegisterCommuneHandler } from './register-commune.handler';

@Module({ providers: [RegisterCommuneHandler] })
export class CommunesModule {}

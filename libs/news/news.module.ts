import { Module } from '@nestjs/common';
import { NewsController } from './news.controller';
import { NewsHandler } from './news.handlers';

@Module({ controllers: [NewsController], providers: [NewsHandler] })
export class NewsModule {}

import { Module } from '@nestjs/common';
import { ActivitiesController } from './activities.controller';
import { ConfigureActivityHandler } from './configure-activity.handler';

@Module({
  controllers: [ActivitiesController],
  providers: [ConfigureActivityHandler],
})
export class ActivitiesModule {}

import { Module } from '@nestjs/common';
import { ActivitiesController } from './activities.controller';
import { ConfigureActivityHandler, ConfigureFacilityHandler } from './configure-activity.handler';

@Module({
  controllers: [ActivitiesController],
  providers: [ConfigureActivityHandler, ConfigureFacilityHandler],
})
export class ActivitiesModule {}

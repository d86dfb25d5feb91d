import { Module } from '@nestjs/common';
import { StatisticsController } from './statistics.controller';

/** Statistics for the commune's reports: queries over existing read models, no read model of its own. */
@Module({ controllers: [StatisticsController] })
export class StatisticsModule {}

import { Module } from '@nestjs/common';
import { AdvisorSeatsService } from './advisor-seats.service';

/** Who can take a chat or a call right now, answered once for targeting, the widget, routing and escalations. */
@Module({
  providers: [AdvisorSeatsService],
  exports: [AdvisorSeatsService],
})
export class AvailabilityModule {}

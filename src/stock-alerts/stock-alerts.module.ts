import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { TargetingModule } from '../targeting/targeting.module';
import { StockAlert } from './stock-alert.entity';
import { StockAlertsWidgetController, StockApiController } from './stock-alerts.controller';
import { StockAlertsService } from './stock-alerts.service';

@Module({
  imports: [TypeOrmModule.forFeature([StockAlert]), MailModule, TargetingModule],
  controllers: [StockAlertsWidgetController, StockApiController],
  providers: [StockAlertsService],
})
export class StockAlertsModule {}

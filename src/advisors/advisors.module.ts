import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Store } from '../stores/store.entity';
import { Advisor } from './advisor.entity';
import { AdvisorsApiController, AdvisorsConsoleController, MeController } from './advisors.controllers';
import { AdvisorsService } from './advisors.service';

@Module({
  imports: [TypeOrmModule.forFeature([Advisor, Store])],
  controllers: [AdvisorsApiController, AdvisorsConsoleController, MeController],
  providers: [AdvisorsService],
  exports: [AdvisorsService],
})
export class AdvisorsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Store } from '../stores/store.entity';
import { Advisor } from './advisor.entity';
import { AdvisorsController, MeController } from './advisors.controller';
import { AdvisorsService } from './advisors.service';

@Module({
  imports: [TypeOrmModule.forFeature([Advisor, Store])],
  controllers: [AdvisorsController, MeController],
  providers: [AdvisorsService],
  exports: [AdvisorsService],
})
export class AdvisorsModule {}

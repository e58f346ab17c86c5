import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Store } from './store.entity';
import { StoresApiController, StoresWidgetController } from './stores.controller';
import { StoresService } from './stores.service';

@Module({
  imports: [TypeOrmModule.forFeature([Store])],
  controllers: [StoresApiController, StoresWidgetController],
  providers: [StoresService],
  exports: [StoresService],
})
export class StoresModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Site } from './site.entity';
import { SitesController } from './sites.controller';
import { SitesManagementService } from './sites-management.service';
import { SitesService } from './sites.service';

@Module({
  imports: [TypeOrmModule.forFeature([Site])],
  controllers: [SitesController],
  providers: [SitesService, SitesManagementService],
  exports: [SitesService],
})
export class SitesModule {}

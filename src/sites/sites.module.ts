import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Site } from './site.entity';
import { SitesApiController, SitesConsoleController } from './sites.controllers';
import { SitesManagementService } from './sites-management.service';
import { SitesService } from './sites.service';

@Module({
  imports: [TypeOrmModule.forFeature([Site])],
  controllers: [SitesApiController, SitesConsoleController],
  providers: [SitesService, SitesManagementService],
  exports: [SitesService],
})
export class SitesModule {}

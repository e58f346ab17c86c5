import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { AdvisorPrincipal } from '../common/auth/principal';
import { AdvisorNotificationsService } from './advisor-notifications.service';
import { AdvisorNotificationDto, AdvisorNotificationPageDto, NotificationListQueryDto } from './dto/advisor-notification.dto';

@ApiTags('Console: session')
@Authenticated({ roles: [] })
@Controller('console/v1/me/notifications')
export class AdvisorNotificationsController {
  constructor(private readonly notifications: AdvisorNotificationsService) {}

  /** The advisor's notifications, newest first, with the unread count; also pushed live as `notification:new` on the `/console` socket. */
  @Get()
  @ApiOkResponse({ type: AdvisorNotificationPageDto })
  list(@CurrentPrincipal() advisor: AdvisorPrincipal, @Query() query: NotificationListQueryDto): Promise<AdvisorNotificationPageDto> {
    return this.notifications.list(advisor.id, query);
  }

  /** Marks one of the advisor's notifications read (again: no change). */
  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: AdvisorNotificationDto })
  @ApiNotFoundResponse({ description: 'Not one of this advisor’s notifications (NOTIFICATION_NOT_FOUND)' })
  markRead(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<AdvisorNotificationDto> {
    return this.notifications.markRead(advisor.id, id);
  }
}

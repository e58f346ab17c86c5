import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdvisorsModule } from '../advisors/advisors.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { CustomersModule } from '../customers/customers.module';
import { EscalationsModule } from '../escalations/escalations.module';
import { SitesModule } from '../sites/sites.module';
import { TrackingModule } from '../tracking/tracking.module';
import { AdvisorChatService } from './advisor-chat.service';
import { ChatPresenceService } from './chat-presence.service';
import { ChatRealtime } from './chat-realtime.service';
import { ChatRoutingService } from './chat-routing.service';
import { ConsoleSockets } from './console-sockets';
import { ConversationOffer } from './conversation-offer.entity';
import { FollowUpTask } from './follow-up-task.entity';
import { FollowUpsService } from './follow-ups.service';
import { HandoffService } from './handoff.service';
import { HandoverService } from './handover.service';
import { ChatQueueConsoleController, LiveChatConsoleController, LiveChatWidgetController, PresenceController } from './live-chat.controller';
import { LiveChatPersonalData } from './live-chat-personal-data';
import { LiveChatProcessor } from './live-chat.processor';
import { QueueService } from './queue.service';
import { VisitorChatService } from './visitor-chat.service';
import { WidgetSockets } from './widget-sockets';

/** Conversations handed from the virtual agent to advisors: routing, realtime sockets, handoff, queue and follow-ups. */
@Module({
  imports: [TypeOrmModule.forFeature([ConversationOffer, FollowUpTask]), ConversationsModule, CustomersModule, TrackingModule, EscalationsModule, AdvisorsModule, SitesModule],
  controllers: [LiveChatWidgetController, LiveChatConsoleController, ChatQueueConsoleController, PresenceController],
  providers: [
    ChatRealtime,
    ChatRoutingService,
    QueueService,
    HandoffService,
    HandoverService,
    AdvisorChatService,
    VisitorChatService,
    ChatPresenceService,
    FollowUpsService,
    LiveChatProcessor,
    LiveChatPersonalData,
    WidgetSockets,
    ConsoleSockets,
  ],
})
export class LiveChatModule {}

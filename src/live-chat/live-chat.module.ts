import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdvisorsModule } from '../advisors/advisors.module';
import { AvailabilityModule } from '../availability/availability.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { CustomersModule } from '../customers/customers.module';
import { EscalationsModule } from '../escalations/escalations.module';
import { SitesModule } from '../sites/sites.module';
import { TrackingModule } from '../tracking/tracking.module';
import { AdvisorChatService } from './advisor-chat.service';
import { ChatPresenceService } from './routing/chat-presence.service';
import { PresenceHeartbeat } from './routing/presence-heartbeat';
import { ChatRealtime } from './chat-realtime.service';
import { ChatRoutingService } from './routing/chat-routing.service';
import { ConsoleSockets } from './console-sockets';
import { ConversationOffer } from './routing/conversation-offer.entity';
import { FollowUpTask } from './follow-ups/follow-up-task.entity';
import { FollowUpsService } from './follow-ups/follow-ups.service';
import { ChatIntakeService } from './chat-intake.service';
import { HandoffPacketService } from './handoff-packet.service';
import { ChatQueueConsoleController, LiveChatConsoleController, LiveChatWidgetController, PresenceController } from './live-chat.controller';
import { LiveChatPersonalData } from './live-chat-personal-data';
import { LiveChatProcessor } from './live-chat.processor';
import { QueueService } from './routing/queue.service';
import { VisitorChatService } from './visitor-chat.service';
import { WidgetSockets } from './widget-sockets';

/** Conversations handed from the virtual agent to advisors: routing, realtime sockets, handoff, queue and follow-ups. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ConversationOffer, FollowUpTask]),
    ConversationsModule,
    CustomersModule,
    AvailabilityModule,
    TrackingModule,
    EscalationsModule,
    AdvisorsModule,
    SitesModule,
  ],
  controllers: [LiveChatWidgetController, LiveChatConsoleController, ChatQueueConsoleController, PresenceController],
  providers: [
    ChatRealtime,
    ChatRoutingService,
    QueueService,
    HandoffPacketService,
    ChatIntakeService,
    AdvisorChatService,
    VisitorChatService,
    ChatPresenceService,
    PresenceHeartbeat,
    FollowUpsService,
    LiveChatProcessor,
    LiveChatPersonalData,
    WidgetSockets,
    ConsoleSockets,
  ],
  // Other modules notify advisors on their console sockets.
  exports: [ChatRealtime],
})
export class LiveChatModule {}

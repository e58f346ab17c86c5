import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '../customers/customers.module';
import { VirtualAgentModule } from '../virtual-agent/virtual-agent.module';
import { AnswerFeedback } from './answer-feedback.entity';
import { Conversation } from './conversation.entity';
import { ConversationMessage } from './conversation-message.entity';
import { ConversationsConsoleController, ConversationsWidgetController } from './conversations.controller';
import { ConversationsService } from './conversations.service';

@Module({
  imports: [TypeOrmModule.forFeature([Conversation, ConversationMessage, AnswerFeedback]), CustomersModule, VirtualAgentModule],
  controllers: [ConversationsWidgetController, ConversationsConsoleController],
  providers: [ConversationsService],
  exports: [ConversationsService],
})
export class ConversationsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentApiController, AgentConsoleController } from './agent.controllers';
import { AgentService } from './agent.service';
import { UnansweredQuestion } from './unanswered-question.entity';
import { UnansweredQuestionsService } from './unanswered-questions.service';

@Module({
  imports: [TypeOrmModule.forFeature([UnansweredQuestion])],
  controllers: [AgentApiController, AgentConsoleController],
  providers: [AgentService, UnansweredQuestionsService],
  exports: [AgentService],
})
export class VirtualAgentModule {}

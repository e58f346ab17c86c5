import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentController, UnansweredQuestionsController } from './agent.controller';
import { AgentService } from './agent.service';
import { UnansweredQuestion } from './unanswered-question.entity';
import { UnansweredQuestionsService } from './unanswered-questions.service';

@Module({
  imports: [TypeOrmModule.forFeature([UnansweredQuestion])],
  controllers: [AgentController, UnansweredQuestionsController],
  providers: [AgentService, UnansweredQuestionsService],
  exports: [AgentService],
})
export class VirtualAgentModule {}

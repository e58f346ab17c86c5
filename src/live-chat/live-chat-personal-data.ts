import { Injectable, OnModuleInit } from '@nestjs/common';
import { customerLinkedSection } from '../customers/customer-linked-section';
import { PersonalDataRegistry } from '../customers/privacy/personal-data.registry';
import { FollowUpTask } from './follow-ups/follow-up-task.entity';

/** Messages left for follow-up carry the visitor's words and contact details: exported, erased and moved with the profile. */
@Injectable()
export class LiveChatPersonalData implements OnModuleInit {
  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(customerLinkedSection('followUpTasks', FollowUpTask, { text: '', email: null, phone: null }));
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '../customers/privacy/personal-data.registry';
import { AdvisorNotification } from './advisor-notification.entity';

/**
 * A client's purchase notifications carry their name and what they bought: exported with the profile and deleted on
 * erasure (an advisor has no use for a notice about nobody). Not moved on merge: they tell the advisor's own history.
 */
@Injectable()
export class NotificationsPersonalData implements OnModuleInit {
  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'advisorNotifications',
      export: (customerId, m) => m.find(AdvisorNotification, { where: { customerId }, order: { createdAt: 'ASC' } }),
      erase: async (customerId, m) => (await m.delete(AdvisorNotification, { customerId })).affected ?? 0,
    });
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { customerLinkedSection } from '../customers/customer-linked-section';
import { PersonalDataRegistry } from '../customers/privacy/personal-data.registry';
import { Appointment } from './store-visits/appointment.entity';
import { CallRequest } from './call-requests/call-request.entity';
import { Callback } from './callbacks/callback.entity';
import { StoreRequest } from './store-visits/store-request.entity';

/** Callbacks, call requests, appointments and store requests are personal data: exported, erased and moved on merge with the profile. */
@Injectable()
export class EscalationsPersonalData implements OnModuleInit {
  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(customerLinkedSection('callbacks', Callback, { phone: null, email: null, note: null }));
    this.registry.register(customerLinkedSection('callRequests', CallRequest, { phone: null, outcomeNote: null }));
    this.registry.register(customerLinkedSection('appointments', Appointment, { phone: null, email: null, outcomeNote: null }));
    this.registry.register(customerLinkedSection('storeRequests', StoreRequest, { name: null, phone: null, email: null, note: null }));
  }
}

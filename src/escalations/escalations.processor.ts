import { Injectable, OnModuleInit } from '@nestjs/common';
import { byJobName } from '../common/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { AppointmentsService } from './store-visits/appointments.service';
import { CallbacksService } from './callbacks/callbacks.service';
import { ESCALATION_JOBS, ESCALATIONS_QUEUE, type EscalationJobData } from './escalations.queue';

const REMINDER_SWEEP_EVERY_MS = 60_000;

/** Consumes the escalations queue; handlers are idempotent and read the row before acting. */
@Injectable()
export class EscalationsProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly callbacks: CallbacksService,
    private readonly appointments: AppointmentsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      ESCALATIONS_QUEUE,
      byJobName<EscalationJobData>(ESCALATIONS_QUEUE, {
        [ESCALATION_JOBS.assignCallback]: ({ callbackId }) => this.callbacks.assign(callbackId),
        [ESCALATION_JOBS.remindAppointment]: ({ appointmentId }) => this.appointments.remind(appointmentId),
      }),
    );
    this.jobs.registerSweep('appointment-reminders', REMINDER_SWEEP_EVERY_MS, () => this.appointments.sweepReminders());
  }
}

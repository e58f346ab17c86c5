import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { AppointmentsService } from './appointments.service';
import { CallbacksService } from './callbacks.service';
import { AssignCallbackJob, ESCALATION_JOBS, ESCALATIONS_QUEUE, RemindAppointmentJob } from './escalations.queue';

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
    this.jobs.register(ESCALATIONS_QUEUE, async (name, data) => {
      switch (name) {
        case ESCALATION_JOBS.assignCallback:
          await this.callbacks.assign((data as AssignCallbackJob).callbackId);
          return;
        case ESCALATION_JOBS.remindAppointment:
          await this.appointments.remind((data as RemindAppointmentJob).appointmentId);
          return;
        default:
          throw new Error(`Unknown escalations job ${name}`);
      }
    });
    this.jobs.registerSweep('appointment-reminders', REMINDER_SWEEP_EVERY_MS, () => this.appointments.sweepReminders());
  }
}

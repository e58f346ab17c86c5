import { Module, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { IdempotencyInterceptor } from './idempotent.decorator';
import { IdempotencyService } from './idempotency.service';

const SWEEP_EVERY_MS = 60 * 60_000;

/** `Idempotency-Key` support for routes marked `@Idempotent()`; import it into the module whose controller uses it. */
@Module({
  providers: [IdempotencyService, IdempotencyInterceptor],
  exports: [IdempotencyService, IdempotencyInterceptor],
})
export class IdempotencyModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly keys: IdempotencyService,
  ) {}

  onModuleInit(): void {
    this.jobs.registerSweep('idempotency-keys', SWEEP_EVERY_MS, () => this.keys.sweep().then(() => undefined));
  }
}

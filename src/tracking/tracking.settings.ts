import { Injectable } from '@nestjs/common';

/** Tracking policy; tests and embedding code may change the instance (`app.get(TrackingSettings)`). */
@Injectable()
export class TrackingSettings {
  /** Raw events older than this are deleted by the retention sweep; visits and their context stay. */
  eventRetentionDays = 90;
  /** How often the retention sweep runs. */
  retentionSweepEveryMs = 3600_000;
}

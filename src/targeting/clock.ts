import { Injectable } from '@nestjs/common';

/** The server's time, as one injectable: durations and schedules read it, and tests can move it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

import type { JobHandler } from '../jobs/jobs.service';

/** One handler per job name of a queue, each typed with its job's data (`M` maps job names to data types). */
export type JobHandlers<M> = { [K in keyof M]: (data: M[K]) => Promise<unknown> };

/** The queue's consumer: dispatches on the job name; a name it does not know fails the job. */
export function byJobName<M>(queue: string, handlers: JobHandlers<M>): JobHandler {
  return async (name, data) => {
    if (!Object.hasOwn(handlers, name)) throw new Error(`Unknown ${queue} job ${name}`);
    await handlers[name as keyof M](data as M[keyof M]);
  };
}

import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';
import { loggableError } from './logging';

/** The one place HTTP errors are rendered; unknown errors are logged with the request id and hidden. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const { body, internal, retryAfterSeconds } = toErrorResponse(error);
    if (internal) this.logger.error({ err: loggableError(error), requestId: request.id }, 'Unhandled error');
    if (body.code === 'DATABASE_UNAVAILABLE') this.logger.warn({ requestId: request.id }, 'Database unreachable');
    const retryAfter = retryAfterSeconds ?? (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter) void reply.header('Retry-After', String(retryAfter));
    void reply.status(body.statusCode).send(body);
  }
}

import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, IsUrl, MaxLength } from 'class-validator';
import { PartialType } from '@nestjs/swagger';
import { DOMAIN_EVENT_TYPES, type DomainEventType } from '../../common/domain-events';
import type { DeliveryStatus } from '../webhook-delivery.entity';
import { Omittable } from '../../common/omittable';

export class CreateWebhookDto {
  /** Where deliveries are POSTed: http(s), a public address unless the instance allows private networks. */
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DOMAIN_EVENT_TYPES, { each: true })
  events: DomainEventType[];

  @IsString()
  @MaxLength(200)
  @Omittable()
  description?: string;
}

export class WebhookResponseDto {
  id: string;
  url: string;
  events: DomainEventType[];
  description: string | null;
  /** False once disabled after repeated failures (see `disabledReason`). */
  enabled: boolean;
  consecutiveFailures: number;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
}

export class CreatedWebhookResponseDto extends WebhookResponseDto {
  /** Verifies `X-Relais-Signature`. Shown once. */
  secret: string;
}

export class DeliveryAttemptDto {
  attempt: number;
  /** Null when no HTTP answer came. */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  attemptedAt: Date;
}

export class WebhookDeliveryResponseDto {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** The body sent: `{id, type, occurredAt, data}`. */
  payload: Record<string, unknown>;
  log: DeliveryAttemptDto[];
}

export class UpdateWebhookDto extends PartialType(CreateWebhookDto, { skipNullProperties: false }) {
  /** True enables a disabled webhook again (its failure count starts over). */
  @IsBoolean()
  @Omittable()
  enabled?: boolean;
}

import { PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ADVISOR_ROLES, AdvisorRole } from '../../common/auth/principal';
import { ADVISOR_CHANNELS, AdvisorChannel, PRESENCE_STATUSES, PresenceStatus } from '../advisor.entity';
import { Omittable } from '../../common/omittable';

export class CreateAdvisorDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  /** At least 10 characters. */
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ADVISOR_ROLES, { each: true })
  roles: AdvisorRole[];

  /** Free skill tags used for routing, e.g. `tv_audio`, `after_sales`. */
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(/^[a-z0-9_]{1,40}$/, { each: true, message: 'each skill must be lower_snake_case' })
  @Omittable()
  skills?: string[];

  /** ISO 639-1 codes, e.g. `fr`, `en`. */
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{2}$/, { each: true, message: 'each language must be a two-letter code' })
  @Omittable()
  languages?: string[];

  @IsArray()
  @ArrayUnique()
  @IsIn(ADVISOR_CHANNELS, { each: true })
  @Omittable()
  channels?: AdvisorChannel[];

  @IsUUID()
  @Omittable()
  storeId?: string;

  @IsInt()
  @Min(0)
  @Max(50)
  @Omittable()
  maxConcurrentChats?: number;
}

export class UpdateAdvisorDto extends PartialType(CreateAdvisorDto, { skipNullProperties: false }) {
  /** `true` deactivates the account (no login, existing tokens refused, set offline); `false` reactivates it. */
  @IsBoolean()
  @Omittable()
  disabled?: boolean;
}

export class PresenceDto {
  @IsIn(PRESENCE_STATUSES)
  status: PresenceStatus;
}

export class AdvisorResponseDto {
  id: string;
  email: string;
  name: string;
  roles: AdvisorRole[];
  skills: string[];
  languages: string[];
  channels: AdvisorChannel[];
  storeId: string | null;
  maxConcurrentChats: number;
  presence: PresenceStatus;
  presenceChangedAt: Date | null;
  disabled: boolean;
  createdAt: Date;
}

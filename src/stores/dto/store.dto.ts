import { ArrayMaxSize, IsArray, IsEmail, IsLatitude, IsLongitude, IsNotEmpty, IsObject, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import type { WeeklyHours } from '../store.entity';
import { Omittable } from '../../common/omittable';

export class CreateStoreDto {
  /** Short unique code, e.g. `PAR-RIVOLI`. */
  @Matches(/^[A-Z0-9-]{2,30}$/, { message: 'code must be 2-30 upper-case letters, digits or dashes' })
  code: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  address: string;

  @Matches(/^\d{5}$/, { message: 'postcode must be five digits' })
  postcode: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city: string;

  @IsLatitude()
  latitude: number;

  @IsLongitude()
  longitude: number;

  @IsString()
  @MaxLength(40)
  @Omittable()
  phone?: string;

  @IsEmail()
  @Omittable()
  email?: string;

  /** IANA time zone; defaults to Europe/Paris. */
  @IsString()
  @MaxLength(60)
  @Omittable()
  timeZone?: string;

  /** `{"1": [["09:30", "19:30"]], ...}` keyed by ISO weekday (1 = Monday). */
  @IsObject()
  @Omittable()
  openingHours?: WeeklyHours;

  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Omittable()
  services?: string[];
}

export class StoreQueryDto extends PageQueryDto {
  /** `lat,lng`: nearest stores first, with their distance. */
  @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { message: 'near must be "lat,lng"' })
  @Omittable()
  near?: string;

  /** Stores of the same département first. */
  @Matches(/^\d{5}$/, { message: 'postcode must be five digits' })
  @Omittable()
  postcode?: string;
}

export class StoreResponseDto {
  id: string;
  code: string;
  name: string;
  address: string;
  postcode: string;
  city: string;
  latitude: number;
  longitude: number;
  phone: string | null;
  timeZone: string;
  openingHours: WeeklyHours;
  /** Exceptional closure dates (`YYYY-MM-DD`). */
  closures: string[];
  services: string[];
  /** With `near=`: kilometres from that point. */
  distanceKm?: number;
}

import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { API_SCOPES, ApiScope } from '../../common/auth/principal';

export class CreateApiKeyDto {
  /** What the key is for, e.g. "ERP sync". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_SCOPES, { each: true })
  scopes: ApiScope[];
}

export class ApiKeyResponseDto {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart. */
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  /** The key itself. Shown once: only its hash is stored. */
  key: string;
}

import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class LoginResponseDto {
  /** Send as `Authorization: Bearer <accessToken>` on `/console/v1` routes. */
  accessToken: string;
  expiresIn: number;
  advisor: { id: string; email: string; name: string; roles: string[]; storeId: string | null };
}

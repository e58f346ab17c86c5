import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Public } from '../common/auth/access-policy.decorator';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponseDto } from './dto/login.dto';

@ApiTags('Console: session')
@Controller('console/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges an advisor's e-mail and password for a console access token. */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; see Retry-After' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<LoginResponseDto> {
    return this.auth.login(dto.email, dto.password, request.ip);
  }
}

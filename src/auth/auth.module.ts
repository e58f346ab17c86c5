import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Advisor } from '../advisors/advisor.entity';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SitesModule } from '../sites/sites.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { TokensService } from './tokens.service';
import { VisitorAuthService } from './visitor-auth.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Advisor]),
    // A KeyObject, not the string: given a string, the JWT library first tries to parse it as a public key on every
    // verification (about 1 ms of CPU each); the key object makes verifying a token ~30x cheaper.
    JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwtSecret)) }) }),
    ApiKeysModule,
    SitesModule,
  ],
  controllers: [AuthController],
  providers: [AuthService, TokensService, VisitorAuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, TokensService, VisitorAuthService],
})
export class AuthModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service';
import { OutboxMail } from './outbox-mail.entity';
import { OutboxApiController } from './outbox.controller';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail])],
  controllers: [OutboxApiController],
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service';
import { OutboxMail } from './outbox-mail.entity';
import { OutboxController } from './outbox.controller';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail])],
  controllers: [OutboxController],
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}

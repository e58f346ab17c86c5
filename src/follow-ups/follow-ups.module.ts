import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '../customers/customers.module';
import { MailModule } from '../mail/mail.module';
import { TargetingModule } from '../targeting/targeting.module';
import { CartFollowUp } from './cart-follow-up.entity';
import { CartFollowUpsService } from './cart-follow-ups.service';
import { FollowUpPoliciesService } from './follow-up-policies.service';
import { FollowUpPolicy } from './follow-up-policy.entity';
import { CartFollowUpsController, CartFollowUpTasksController, FollowUpPolicyController, UnsubscribeController } from './follow-ups.controller';

/** What happens after a visit ends without a sale: abandoned carts followed up by e-mail or by a person. */
@Module({
  imports: [TypeOrmModule.forFeature([FollowUpPolicy, CartFollowUp]), CustomersModule, MailModule, TargetingModule],
  controllers: [FollowUpPolicyController, CartFollowUpsController, CartFollowUpTasksController, UnsubscribeController],
  providers: [FollowUpPoliciesService, CartFollowUpsService],
})
export class FollowUpsModule {}

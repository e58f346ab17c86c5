import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isOpenAt, nextOpening, openNowOrLaterToday } from '../business-hours/business-hours';
import { distanceKm } from '../stores/stores.service';
import { Store } from '../stores/store.entity';
import { CallbacksService } from './callbacks.service';
import { AvailabilityQueryDto } from './dto/escalation.dto';
import { PresenceQueries } from './presence.queries';
import { scheduleOf, TeamsService } from './teams.service';

export interface RouteAvailability {
  open: boolean;
  /** Why a route is closed: `closed_hours`, `no_advisor_online`, `no_slot`, `no_store_open`. */
  reason?: string;
}

export interface AvailabilityResponse {
  checkedAt: string;
  chat: RouteAvailability & { opensAt?: string | null };
  call: RouteAvailability;
  callback: RouteAvailability & { nextSlot: string | null };
  store: RouteAvailability & { store?: { id: string; name: string; openNow: boolean; distanceKm?: number } };
}

/** Which escalation routes the widget may offer right now, so it never shows a dead button. */
@Injectable()
export class AvailabilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly presence: PresenceQueries,
    private readonly callbacks: CallbacksService,
  ) {}

  async now(query: AvailabilityQueryDto): Promise<AvailabilityResponse> {
    const now = Date.now();
    const [chatTeam, chatAdvisor, phoneAdvisor, nextSlot, store] = await Promise.all([
      this.teams.find('chat'),
      this.presence.chatAdvisorOnline(),
      this.presence.phoneAdvisorOnline(),
      this.callbacks.nextSlot(),
      this.storeToday(query, now),
    ]);
    const chatHours = isOpenAt(scheduleOf(chatTeam), now);
    const chat = chatHours && chatAdvisor ? { open: true } : { open: false, reason: chatHours ? 'no_advisor_online' : 'closed_hours', opensAt: chatHours ? null : toIso(nextOpening(scheduleOf(chatTeam), now)) };
    return {
      checkedAt: new Date(now).toISOString(),
      chat,
      call: phoneAdvisor ? { open: true } : { open: false, reason: 'no_advisor_online' },
      callback: nextSlot ? { open: true, nextSlot } : { open: false, reason: 'no_slot', nextSlot: null },
      store: store ? { open: true, store } : { open: false, reason: 'no_store_open' },
    };
  }

  /** The nearest store (or the first by name) open now or later today. */
  private async storeToday(query: AvailabilityQueryDto, now: number) {
    const stores = await this.dataSource.getRepository(Store).find({ order: { name: 'ASC' } });
    const origin = query.near ? (([latitude, longitude]) => ({ latitude, longitude }))(query.near.split(',').map(Number)) : undefined;
    const ranked = origin ? stores.map((s) => ({ s, d: distanceKm(origin, s) })).sort((a, b) => a.d - b.d) : stores.map((s) => ({ s, d: undefined }));
    for (const { s, d } of ranked) {
      const schedule = { hours: s.openingHours, closures: s.closures, timeZone: s.timeZone };
      if (!openNowOrLaterToday(schedule, now)) continue;
      return { id: s.id, name: s.name, openNow: isOpenAt(schedule, now), ...(d !== undefined && { distanceKm: Math.round(d * 10) / 10 }) };
    }
    return undefined;
  }
}

const toIso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

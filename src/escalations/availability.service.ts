import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { chatOpen, takesCalls } from '../availability/advisor-availability';
import { AdvisorSeatsService } from '../availability/advisor-seats.service';
import { isOpenAt, nextOpening, openNowOrLaterToday } from '../business-hours/business-hours';
import { distanceKm } from '../stores/stores.service';
import { Store } from '../stores/store.entity';
import { CallbacksService } from './callbacks/callbacks.service';
import { AvailabilityQueryDto } from './dto/escalation.dto';
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
    private readonly seats: AdvisorSeatsService,
    private readonly callbacks: CallbacksService,
  ) {}

  /** `queueing`: for a visitor who already asked for a person, who may wait for a chat seat. */
  async now(query: AvailabilityQueryDto, { queueing = false } = {}): Promise<AvailabilityResponse> {
    const now = Date.now();
    const [chatTeam, advisors, nextSlot, store] = await Promise.all([this.teams.find('chat'), this.seats.seats(), this.callbacks.nextSlot(), this.storeToday(query, now)]);
    const chat = chatOpen(isOpenAt(scheduleOf(chatTeam), now), advisors, queueing);
    return {
      checkedAt: new Date(now).toISOString(),
      chat: chat.open ? chat : { ...chat, opensAt: chat.reason === 'closed_hours' ? toIso(nextOpening(scheduleOf(chatTeam), now)) : null },
      call: advisors.some(takesCalls) ? { open: true } : { open: false, reason: 'no_advisor_online' },
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

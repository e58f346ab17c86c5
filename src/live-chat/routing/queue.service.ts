import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { chatSeats } from '../../availability/advisor-availability';
import { AdvisorSeatsService } from '../../availability/advisor-seats.service';
import { QueueStatusDto } from '../../conversations/dto/conversation.dto';
import { ChatRealtime } from '../chat-realtime.service';
import { ChatQueueDto } from '../dto/live-chat.dto';
import { DEFAULT_HANDLE_SECONDS, estimateWaitSeconds } from './queue-estimate';

const HANDLE_TIME_SAMPLE = 50;

interface Seats {
  free: number;
  total: number;
  averageHandleSeconds: number;
}

/** The chat queue: each waiting visitor's position and estimated wait, and the chat desk's view of it. */
@Injectable()
export class QueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly realtime: ChatRealtime,
    private readonly advisorSeats: AdvisorSeatsService,
  ) {}

  /** Where one conversation stands; null when it is not waiting for a chat advisor. */
  async statusOf(conversationId: string): Promise<QueueStatusDto | null> {
    const [waiting, seats] = await Promise.all([this.waiting(), this.seats()]);
    const index = waiting.findIndex((w) => w.id === conversationId);
    return index < 0 ? null : toStatus(index + 1, seats);
  }

  /** Tells every waiting visitor their position, and the chat desk (chat advisors, supervisors) that the queue changed. */
  async publish(): Promise<void> {
    const [waiting, seats] = await Promise.all([this.waiting(), this.seats()]);
    waiting.forEach((w, i) => this.realtime.toConversation(w.id, 'chat:queue', { conversationId: w.id, ...toStatus(i + 1, seats) }));
    this.realtime.toChatDesk('chat:queue-changed', { waiting: waiting.length });
  }

  async snapshot(): Promise<ChatQueueDto> {
    const [waiting, seats, advisors] = await Promise.all([this.waiting(), this.seats(), this.advisorLoads()]);
    const now = Date.now();
    return {
      waiting: waiting.map((w, i) => ({
        conversationId: w.id,
        position: i + 1,
        locale: w.locale,
        skill: w.escalation_skill,
        escalatedAt: w.escalated_at,
        waitedSeconds: Math.round((now - w.escalated_at.getTime()) / 1000),
        estimatedWaitSeconds: toStatus(i + 1, seats).estimatedWaitSeconds,
        offeredToId: w.offered_to_id,
      })),
      advisors,
    };
  }

  private async waiting(): Promise<{ id: string; locale: string; escalation_skill: string | null; escalated_at: Date; offered_to_id: string | null }[]> {
    return this.dataSource.query(
      `SELECT id, locale, escalation_skill, escalated_at, offered_to_id FROM conversation
       WHERE state = 'waiting_human' AND escalation_route = 'human' ORDER BY escalated_at, id`,
    );
  }

  private async seats(): Promise<Seats> {
    const [advisors, [row]] = await Promise.all([
      this.advisorSeats.seats(),
      this.dataSource.query(
        `SELECT avg(seconds) AS average FROM (SELECT extract(epoch FROM closed_at - assigned_at) AS seconds FROM conversation
          WHERE assigned_at IS NOT NULL AND closed_at IS NOT NULL ORDER BY closed_at DESC LIMIT ${HANDLE_TIME_SAMPLE}) handled`,
      ) as Promise<{ average: string | null }[]>,
    ]);
    return { ...chatSeats(advisors), averageHandleSeconds: row.average === null ? DEFAULT_HANDLE_SECONDS : Number(row.average) };
  }

  private async advisorLoads(): Promise<ChatQueueDto['advisors']> {
    const advisors = (await this.advisorSeats.seats()).filter((a) => a.channels.includes('chat'));
    return advisors.map((a) => ({ id: a.id, name: a.name, presence: a.presence, capacity: a.capacity, activeChats: a.chats }));
  }
}

const toStatus = (position: number, seats: Seats): QueueStatusDto => ({
  position,
  estimatedWaitSeconds: finiteOrNull(estimateWaitSeconds(position, seats.free, seats.total, seats.averageHandleSeconds)),
});

const finiteOrNull = (n: number) => (Number.isFinite(n) ? n : null);

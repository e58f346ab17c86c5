import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Schedule, validateSchedule } from '../business-hours/business-hours';
import { badRequest } from '../common/domain-error';
import { UpdateTeamDto } from './dto/escalation.dto';
import { teamNotFound } from './escalations.errors';
import { Team, TeamKey } from './team.entity';

export interface TeamResponse {
  key: TeamKey;
  name: string;
  timeZone: string;
  hours: Team['hours'];
  closures: string[];
  slotMinutes: number;
  slotCapacity: number;
  promiseMinutes: number;
  updatedAt: Date;
}

export const toTeamResponse = (t: Team): TeamResponse => ({
  key: t.key,
  name: t.name,
  timeZone: t.timeZone,
  hours: t.hours,
  closures: t.closures,
  slotMinutes: t.slotMinutes,
  slotCapacity: t.slotCapacity,
  promiseMinutes: t.promiseMinutes,
  updatedAt: t.updatedAt,
});

export const scheduleOf = (t: { hours: Team['hours']; closures: string[]; timeZone: string }): Schedule => ({ hours: t.hours, closures: t.closures, timeZone: t.timeZone });

/** The phone and chat teams' hours: rows seeded by the migration, edited by integrators. */
@Injectable()
export class TeamsService {
  constructor(@InjectRepository(Team) private readonly teams: Repository<Team>) {}

  async list(): Promise<{ items: TeamResponse[]; nextCursor: null }> {
    return { items: (await this.teams.find({ order: { key: 'ASC' } })).map(toTeamResponse), nextCursor: null };
  }

  async find(key: TeamKey): Promise<Team> {
    const team = await this.teams.findOneBy({ key });
    if (!team) throw teamNotFound(key);
    return team;
  }

  async update(key: TeamKey, dto: UpdateTeamDto): Promise<TeamResponse> {
    const problems = validateSchedule({ hours: dto.hours, closures: dto.closures, timeZone: dto.timeZone });
    if (problems.length) throw badRequest('INVALID_SCHEDULE', `Invalid hours: ${problems.map((p) => `${p.field}: ${p.reasons[0]}`).join('; ')}`, problems);
    const team = await this.find(key);
    Object.assign(team, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    return toTeamResponse(await this.teams.save(team));
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * A kind of data held about a customer. Each feature that stores personal data registers one, so that
 * export, erasure and merge cover everything without the customers module knowing every table.
 */
export interface PersonalDataSection {
  name: string;
  export(customerId: string, manager: EntityManager): Promise<unknown>;
  /** Removes or anonymises the section's personal data; returns how many rows it touched. */
  erase(customerId: string, manager: EntityManager): Promise<number>;
  /** Moves the section's rows to another profile on merge and returns their ids, so undo can move exactly those back. */
  move?(fromId: string, toId: string, manager: EntityManager): Promise<string[]>;
  moveBack?(ids: string[], toId: string, manager: EntityManager): Promise<void>;
}

@Injectable()
export class PersonalDataRegistry {
  private readonly sections: PersonalDataSection[] = [];

  register(section: PersonalDataSection): void {
    this.sections.push(section);
  }

  all(): readonly PersonalDataSection[] {
    return this.sections;
  }
}

import { chatAvailability, chatOpen, chatSeats, freeForChat, takesCalls, takesChats, type AdvisorSeat } from './advisor-availability';

const seat = (overrides: Partial<AdvisorSeat> = {}): AdvisorSeat => ({
  id: 'a1',
  name: 'Ada',
  presence: 'online',
  channels: ['chat'],
  roles: ['chat_advisor'],
  skills: [],
  languages: ['fr'],
  capacity: 2,
  chats: 0,
  offers: 0,
  presenceChangedAt: null,
  ...overrides,
});

describe('advisor availability', () => {
  it.each<[string, Partial<AdvisorSeat>, { takesChats: boolean; freeForChat: boolean; takesCalls: boolean }]>([
    ['online chat advisor with a free seat', {}, { takesChats: true, freeForChat: true, takesCalls: false }],
    ['supervisor on chat', { roles: ['supervisor'] }, { takesChats: true, freeForChat: true, takesCalls: false }],
    ['admin on chat: no chat role', { roles: ['admin'] }, { takesChats: false, freeForChat: false, takesCalls: false }],
    ['away', { presence: 'away' }, { takesChats: false, freeForChat: false, takesCalls: false }],
    ['offline', { presence: 'offline', channels: ['chat', 'phone'] }, { takesChats: false, freeForChat: false, takesCalls: false }],
    ['not on the chat channel', { channels: ['store'] }, { takesChats: false, freeForChat: false, takesCalls: false }],
    ['no seats at all', { capacity: 0 }, { takesChats: false, freeForChat: false, takesCalls: false }],
    ['full with chats', { chats: 2 }, { takesChats: true, freeForChat: false, takesCalls: false }],
    ['full with a chat and a pending offer', { chats: 1, offers: 1 }, { takesChats: true, freeForChat: false, takesCalls: false }],
    ['one seat left', { chats: 1 }, { takesChats: true, freeForChat: true, takesCalls: false }],
    ['over capacity (capacity lowered mid-chat)', { capacity: 1, chats: 2 }, { takesChats: true, freeForChat: false, takesCalls: false }],
    ['phone advisor', { channels: ['phone'], roles: ['phone_advisor'] }, { takesChats: false, freeForChat: false, takesCalls: true }],
    ['phone advisor away', { channels: ['phone'], presence: 'away' }, { takesChats: false, freeForChat: false, takesCalls: false }],
    ['on both channels, chats full: still takes calls', { channels: ['chat', 'phone'], chats: 2 }, { takesChats: true, freeForChat: false, takesCalls: true }],
  ])('%s', (_case, overrides, expected) => {
    const a = seat(overrides);
    expect({ takesChats: takesChats(a), freeForChat: freeForChat(a), takesCalls: takesCalls(a) }).toEqual(expected);
  });

  it.each<[string, AdvisorSeat[], string | undefined, boolean]>([
    ['nobody', [], undefined, false],
    ['a free advisor, no skill asked', [seat()], undefined, true],
    ['a free advisor with the skill', [seat({ skills: ['bikes'] })], 'bikes', true],
    ['a free advisor without the skill', [seat({ skills: ['shoes'] })], 'bikes', false],
    ['the one with the skill is full', [seat({ skills: ['bikes'], chats: 2 }), seat({ id: 'a2' })], 'bikes', false],
    ['the only advisor is full', [seat({ chats: 1, offers: 1 })], undefined, false],
    ['the only free one is an admin', [seat({ roles: ['admin'] })], undefined, false],
  ])('chat availability: %s', (_case, advisors, skill, expected) => {
    expect(chatAvailability(advisors)(skill)).toBe(expected);
  });

  it.each<[string, boolean, AdvisorSeat[], ReturnType<typeof chatOpen>]>([
    ['within hours, a free advisor', true, [seat()], { open: true }],
    ['outside hours', false, [seat()], { open: false, reason: 'closed_hours' }],
    ['within hours, nobody online', true, [], { open: false, reason: 'no_advisor_online' }],
    ['within hours, the only advisor is full', true, [seat({ chats: 2 })], { open: false, reason: 'no_advisor_online' }],
  ])('chat open: %s', (_case, withinHours, advisors, expected) => {
    expect(chatOpen(withinHours, advisors)).toEqual(expected);
  });

  it.each<[string, boolean, AdvisorSeat[], ReturnType<typeof chatOpen>]>([
    ['the only advisor is full: the visitor waits in the queue', true, [seat({ chats: 2 })], { open: true }],
    ['only an admin online', true, [seat({ roles: ['admin'] })], { open: false, reason: 'no_advisor_online' }],
    ['outside hours', false, [seat()], { open: false, reason: 'closed_hours' }],
  ])('chat open for a visitor who asked for a person: %s', (_case, withinHours, advisors, expected) => {
    expect(chatOpen(withinHours, advisors, true)).toEqual(expected);
  });

  it('counts free and total chat seats of chat advisors only, a full one adding no free seat', () => {
    expect(chatSeats([seat({ chats: 1 }), seat({ capacity: 3, chats: 4 }), seat({ roles: ['admin'] }), seat({ presence: 'away' })])).toEqual({ free: 1, total: 5 });
  });
});

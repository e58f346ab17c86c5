import { pickAdvisor, RoutingCandidate } from './advisor-picker';

const advisor = (id: string, over: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  id,
  skills: [],
  languages: ['fr'],
  load: 0,
  capacity: 3,
  lastAssignedAt: null,
  ...over,
});

describe('pickAdvisor', () => {
  it('returns null when every advisor is at capacity', () => {
    expect(pickAdvisor([advisor('a', { load: 3 }), advisor('b', { load: 1, capacity: 1 })], { locale: 'fr', skill: null })).toBeNull();
  });

  it('prefers the visitor language over the skill', () => {
    const picked = pickAdvisor([advisor('skilled', { languages: ['en'], skills: ['tv_audio'] }), advisor('speaks', { languages: ['fr'] })], { locale: 'fr', skill: 'tv_audio' });
    expect(picked?.id).toBe('speaks');
  });

  it('prefers the skill asked for, even when that advisor is busier', () => {
    const picked = pickAdvisor([advisor('idle'), advisor('skilled', { skills: ['tv_audio'], load: 2 })], { locale: 'fr', skill: 'tv_audio' });
    expect(picked?.id).toBe('skilled');
  });

  it('gives the chat to a specialist-less colleague rather than nobody', () => {
    expect(pickAdvisor([advisor('generalist')], { locale: 'fr', skill: 'appliances' })?.id).toBe('generalist');
  });

  it('balances by load relative to capacity, then by longest idle', () => {
    const busy = advisor('busy', { load: 1, capacity: 2 });
    const light = advisor('light', { load: 1, capacity: 4 });
    expect(pickAdvisor([busy, light], { locale: 'fr', skill: null })?.id).toBe('light');
    const recent = advisor('recent', { lastAssignedAt: new Date('2026-01-01T10:05:00Z') });
    const idle = advisor('idle', { lastAssignedAt: new Date('2026-01-01T10:00:00Z') });
    expect(pickAdvisor([recent, idle], { locale: 'fr', skill: null })?.id).toBe('idle');
  });
});

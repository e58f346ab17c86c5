import { followUpIdOf, unsubscribeToken } from './unsubscribe-token';

describe('unsubscribe token', () => {
  const id = '3f1c2a9e-5b7d-4c8e-9a0b-1c2d3e4f5a6b';

  it('gives back the follow-up id it was made for', () => {
    expect(followUpIdOf('secret', unsubscribeToken('secret', id))).toBe(id);
  });

  it('refuses another secret, another id and garbage', () => {
    const token = unsubscribeToken('secret', id);
    expect(followUpIdOf('other', token)).toBeUndefined();
    expect(followUpIdOf('secret', token.replace(id, '00000000-0000-4000-8000-000000000000'))).toBeUndefined();
    expect(followUpIdOf('secret', 'nonsense')).toBeUndefined();
  });
});

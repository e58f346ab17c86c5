import { isPrivateAddress, privateAddressOf } from './private-network';

describe('private network guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])(
    'refuses %s',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => expect(isPrivateAddress(address)).toBe(false));

  it('resolves names before judging them', async () => {
    await expect(privateAddressOf('localhost')).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
    await expect(privateAddressOf('[::1]')).resolves.toBe('::1');
    await expect(privateAddressOf('8.8.8.8')).resolves.toBeUndefined();
  });
});

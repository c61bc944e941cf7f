import { pickDataSource } from '../dataSources';

const list = [
  { uid: 'loki-a', type: 'loki', name: 'Loki A' },
  { uid: 'loki-b', type: 'loki', name: 'Loki B', isDefault: true },
  { uid: 'prom', type: 'prometheus', name: 'Mimir' },
];

describe('pickDataSource', () => {
  it('uses the configured data source while it exists', () => {
    expect(pickDataSource('loki', list, 'loki-a')).toEqual({ uid: 'loki-a' });
  });

  it("uses the instance's default of that type when unset", () => {
    expect(pickDataSource('loki', list)).toEqual({ uid: 'loki-b' });
  });

  it('uses the first of that type when none is default', () => {
    expect(pickDataSource('metrics', list)).toEqual({ uid: 'prom' });
  });

  it('says when the configured one is gone', () => {
    expect(pickDataSource('loki', list, 'deleted')).toEqual({
      uid: 'loki-b',
      note: expect.stringMatching(/no longer exists; using Loki B/),
    });
  });

  it('ignores a configured uid of the wrong type', () => {
    expect(pickDataSource('metrics', list, 'loki-a').uid).toBe('prom');
  });

  it('says what to do when there is none', () => {
    expect(pickDataSource('tempo', list).error).toMatch(/No Tempo data source: add one in Connections/);
    expect(pickDataSource('tempo', null as any).error).toBeDefined();
  });
});

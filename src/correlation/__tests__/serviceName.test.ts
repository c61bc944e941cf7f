import { serviceOfJob } from '../serviceName';

describe('serviceOfJob', () => {
  it.each([
    ['shop/orders', 'orders'],
    ['orders', 'orders'],
    ['/orders', 'orders'],
    ['shop/api/v2', 'api/v2'],
    ['shop/', ''],
    ['', ''],
  ])('%j names the service %j', (job, service) => {
    expect(serviceOfJob(job)).toBe(service);
  });
});

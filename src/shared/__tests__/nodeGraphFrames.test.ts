import { nodeGraphFrames, nodeLink, type GraphNode } from '../nodeGraphFrames';
import { nodeGraphStatToString } from '../../test/mocks/nodeGraphPanel';

const node = (id: string): GraphNode => ({ id, subtitle: '' });
const params = { range: { from: 'now-1h', to: 'now' } };
const linkUrl = (names: string[]) =>
  nodeGraphFrames(names.map(node), [], nodeLink(params))[0].fields.find((f) => f.name === 'id')!.config.links![0].url;

describe('node links built from data (security review F10)', () => {
  it('fills the service name into the URL when every name is safe in a data link', () => {
    expect(linkUrl(['checkout', 'payments'])).toBe(
      '/a/correlate-investigation-app/services/${__value.raw:percentencode}?from=now-1h&to=now'
    );
  });

  it.each(['../../../admin', 'x?from=0&to=1', '../../../..//evil.example', 'a#b', '50%off', 'a+b', 'a\\b'])(
    'leaves the name out of the URL when a node is named %p, and keeps the exact name for a click',
    (name) => {
      const frames = nodeGraphFrames([node('checkout'), node(name)], [], nodeLink(params));
      const link = frames[0].fields.find((f) => f.name === 'id')!.config.links![0];
      expect(link.url).toBe('/a/correlate-investigation-app/services?from=now-1h&to=now');
      expect(link.onClick).toBeDefined();
    }
  );
});

describe('node statistics as the node graph prints them (upstream review F6)', () => {
  const printed = (p95?: number) => {
    const frame = nodeGraphFrames([{ id: 'checkout', subtitle: '', rate: 2, p95 }], [])[0];
    const stat = frame.fields.find((f) => f.name === 'secondarystat')!;
    return nodeGraphStatToString(stat.config, stat.values[0]);
  };

  it.each([
    [0.123, '123 ms'],
    [0.0905, '90.5 ms'],
    [1.4, '1.40 s'],
    [0.0005, '500 µs'],
  ])('shows a p95 of %p s in Grafana’s duration format: %p', (p95, text) => {
    expect(printed(p95)).toBe(text);
  });

  it('shows nothing for a service without a p95, and never NaN', () => {
    expect(printed(undefined)).toBe('');
    expect(printed(Number.NaN)).toBe('');
  });
});

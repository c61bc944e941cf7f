import { nodeGraphFrames, nodeLink, type GraphNode } from '../nodeGraphFrames';

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

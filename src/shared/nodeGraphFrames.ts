import {
  FieldType,
  formattedValueToString,
  getValueFormat,
  LoadingState,
  type DataFrame,
  type DataLink,
  type Field,
} from '@grafana/data';
import { PanelBuilders, sceneGraph, type SceneDataNode, type SceneObject, type VizPanel } from '@grafana/scenes';
import { locationService } from '@grafana/runtime';
import { dataLinkSafe, LINK_ROW_VALUE, serviceLinkTemplate, serviceUrl, type ServiceUrlParams } from '../app/urls';
import { shortServiceName } from './displayText';
import { NODE_LINK_TITLE } from './linkTitles';

/**
 * The two frames Grafana's node graph draws: `nodes` (id, title, subtitle, mainstat, secondarystat,
 * arc__*, highlighted, detail__*) and `edges` (id, source, target, mainstat, secondarystat, color,
 * detail__*), as grafana/grafana public/app/plugins/panel/nodeGraph/utils.ts (getNodeFields,
 * getEdgeFields) reads them and useCategorizeFrames tells them apart (a `source` field makes a frame
 * the edges). Names are shown as text by the panel; none goes into a title Grafana interpolates.
 */

/** More nodes than this and the graph is not drawn (the table lists them): a layout of more is unreadable. */
export const MAX_GRAPH_NODES = 30;

export interface GraphNode {
  /** The service name. */
  id: string;
  subtitle: string;
  /** Requests per second over the window. */
  rate?: number;
  /** Fraction (0..1) of failed requests. */
  errorFraction?: number;
  /** p95 latency in seconds. */
  p95?: number;
  highlighted?: boolean;
}

export interface GraphEdge {
  source: string;
  target: string;
  main: { value?: number; unit: string };
  secondary: { value?: number; unit: string };
  failing: boolean;
  details: Record<string, string>;
}

/** The row's raw value, as `onClick` asks Grafana for it. */
const ROW_RAW = LINK_ROW_VALUE.replace(':percentencode', '');

const field = (name: string, type: FieldType, values: unknown[], config: Field['config'] = {}): Field => ({
  name,
  type,
  values,
  config,
});

const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);

/**
 * A node's link to its service's detail with the same window. A click navigates with the exact name
 * (`onClick` gets the row's raw value); the URL, for a new tab, is a template Grafana fills in.
 */
export function nodeLink(params: ServiceUrlParams): DataLink {
  return {
    title: NODE_LINK_TITLE,
    url: serviceLinkTemplate(params),
    onClick: (event) => {
      const name = event.replaceVariables?.(ROW_RAW);
      if (typeof name === 'string' && name && name !== ROW_RAW) {
        locationService.push(serviceUrl(name, params));
      }
    },
  };
}

/**
 * The link as it may go on this graph's nodes. Grafana decodes a data link's URL once before opening
 * it (see dataLinkSafe), so a node named `../../../admin` or `x?from=0&to=1` would open another page
 * or another range in a new tab (security review F10). One link serves every row, so when any name
 * is unsafe the URL leaves the name out and opens the Services list with the same window; a plain
 * click still opens the exact service (`onClick` reads the raw name).
 */
function checkedNodeLink(link: DataLink, nodes: GraphNode[]): DataLink {
  if (nodes.every((n) => dataLinkSafe(n.id))) {
    return link;
  }
  return { ...link, url: link.url.replace(`/${LINK_ROW_VALUE}`, '') };
}

export function nodeGraphFrames(nodes: GraphNode[], edges: GraphEdge[], link?: DataLink): DataFrame[] {
  const pct = (x?: number) => (x === undefined ? '' : `${(x * 100).toFixed(1)}%`);
  // Grafana's own duration format ("123 ms", "1.40 s"). As text: the node graph prints a number with
  // `config.decimals || 2` decimals (grafana/grafana public/app/plugins/panel/nodeGraph/utils.ts
  // statToString), so decimals 0 read "123.00 ms"; a string it prints as it is.
  const duration = (s?: number) => (s === undefined ? '' : formattedValueToString(getValueFormat('s')(s)));
  const nodeFrame: DataFrame = {
    name: 'nodes',
    length: nodes.length,
    meta: { preferredVisualisationType: 'nodeGraph' },
    fields: [
      field(
        'id',
        FieldType.string,
        nodes.map((n) => n.id),
        link ? { links: [checkedNodeLink(link, nodes)] } : {}
      ),
      field(
        'title',
        FieldType.string,
        nodes.map((n) => shortServiceName(n.id))
      ),
      field(
        'subtitle',
        FieldType.string,
        nodes.map((n) => n.subtitle)
      ),
      field(
        'mainstat',
        FieldType.number,
        nodes.map((n) => finite(n.rate)),
        { unit: 'req/s', decimals: 1, displayName: 'Requests/s' }
      ),
      field(
        'secondarystat',
        FieldType.string,
        nodes.map((n) => duration(finite(n.p95))),
        { displayName: 'p95' }
      ),
      field(
        'arc__failed',
        FieldType.number,
        nodes.map((n) => finite(n.errorFraction) ?? 0),
        { color: { mode: 'fixed', fixedColor: 'red' }, displayName: 'Failed' }
      ),
      field(
        'arc__ok',
        FieldType.number,
        nodes.map((n) => (finite(n.errorFraction) === undefined ? 0 : 1 - n.errorFraction!)),
        { color: { mode: 'fixed', fixedColor: 'green' }, displayName: 'Succeeded' }
      ),
      field(
        'highlighted',
        FieldType.boolean,
        nodes.map((n) => Boolean(n.highlighted))
      ),
      field(
        'detail__errors',
        FieldType.string,
        nodes.map((n) => pct(finite(n.errorFraction))),
        { displayName: 'Errors' }
      ),
      field(
        'detail__p95',
        FieldType.string,
        nodes.map((n) => duration(finite(n.p95))),
        { displayName: 'p95' }
      ),
    ],
  };
  const known = new Set(nodes.map((n) => n.id));
  // An edge to a node not drawn would break the layout; a call to itself draws no line.
  const drawn = edges.filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target);
  const detailNames = [...new Set(drawn.flatMap((e) => Object.keys(e.details)))];
  const edgeFrame: DataFrame = {
    name: 'edges',
    length: drawn.length,
    meta: { preferredVisualisationType: 'nodeGraph' },
    fields: [
      field(
        'id',
        FieldType.string,
        drawn.map((_, i) => `e${i}`)
      ),
      field(
        'source',
        FieldType.string,
        drawn.map((e) => e.source)
      ),
      field(
        'target',
        FieldType.string,
        drawn.map((e) => e.target)
      ),
      field(
        'mainstat',
        FieldType.number,
        drawn.map((e) => finite(e.main.value)),
        { unit: drawn[0]?.main.unit, decimals: 1 }
      ),
      field(
        'secondarystat',
        FieldType.number,
        drawn.map((e) => finite(e.secondary.value)),
        { unit: drawn[0]?.secondary.unit, decimals: 1 }
      ),
      field(
        'color',
        FieldType.string,
        drawn.map((e) => (e.failing ? 'red' : ''))
      ),
      ...detailNames.map((name) =>
        field(
          `detail__${name}`,
          FieldType.string,
          drawn.map((e) => e.details[name] ?? ''),
          { displayName: name }
        )
      ),
    ],
  };
  return [nodeFrame, edgeFrame];
}

/**
 * Grafana's node graph for a section, now showing `frames`: the panel is made once, with a fixed title
 * (panel titles are interpolated, so never a service name), and only its data is replaced after.
 */
export function showNodeGraph(
  owner: SceneObject,
  data: SceneDataNode,
  frames: DataFrame[],
  panel: VizPanel | undefined,
  title: string
): VizPanel {
  data.setState({
    data: { state: LoadingState.Done, series: frames, timeRange: sceneGraph.getTimeRange(owner).state.value },
  });
  return panel ?? PanelBuilders.nodegraph().setTitle(title).setData(data).build();
}

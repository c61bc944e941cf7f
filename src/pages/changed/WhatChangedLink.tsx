import React from 'react';
import {
  SceneObjectBase,
  VariableDependencyConfig,
  sceneGraph,
  type SceneComponentProps,
  type SceneObject,
  type SceneObjectState,
} from '@grafana/scenes';
import { LinkButton } from '@grafana/ui';
import { changedUrl, type UrlDataSources } from '../../app/urls';
import { DS_VARIABLES } from '../../shared/dataSourceVariables';
import { dataSourceUidOf } from '../../shared/runners';
import { testIds } from '../../testIds';
import { MAX_SERVICES } from './changedParams';

/** The data source uids a page uses, for a link that should use the same. */
export function pageDataSources(object: SceneObject): UrlDataSources {
  const uid = (name: string) => dataSourceUidOf(object, `\${${name}}`, sceneGraph.interpolate);
  return { loki: uid(DS_VARIABLES.loki), tempo: uid(DS_VARIABLES.tempo), metrics: uid(DS_VARIABLES.metrics) };
}

interface LinkProps {
  model: SceneObject;
  services: string[];
  /** The incident window (epoch ms); the page's time range when not given. */
  range?: { fromMs: number; toMs: number };
  traceId?: string;
}

/** "What changed" for these services and window, with the page's data sources. */
export function WhatChangedLink({ model, services, range, traceId }: LinkProps) {
  const value = sceneGraph.getTimeRange(model).state.value;
  const from = range?.fromMs ?? value.from.valueOf();
  const to = range?.toMs ?? value.to.valueOf();
  const href = changedUrl({
    range: { from, to },
    services: services.slice(0, MAX_SERVICES),
    traceId,
    dataSources: pageDataSources(model),
  });
  return (
    <LinkButton href={href} icon="history" variant="secondary" size="sm" data-testid={testIds.changed.link}>
      What changed?
    </LinkButton>
  );
}

interface WhatChangedLinkItemState extends SceneObjectState {
  services: string[];
  /** Reads the services from the page (its variables) when they can change there. */
  readServices?: (object: SceneObject) => string[];
  /** The variables `readServices` reads: the link is drawn again when they change. */
  variables?: string[];
}

/** The link as a scene item, for pages laid out in scenes (service detail, Errors). */
export class WhatChangedLinkItem extends SceneObjectBase<WhatChangedLinkItemState> {
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: this.state.variables ?? [],
    onReferencedVariableValueChanged: () => this.forceRender(),
  });

  static Component = ({ model }: SceneComponentProps<WhatChangedLinkItem>) => {
    const { services, readServices } = model.useState();
    sceneGraph.getTimeRange(model).useState();
    return <WhatChangedLink model={model} services={readServices ? readServices(model) : services} />;
  };
}

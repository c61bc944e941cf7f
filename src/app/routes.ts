import type { ComponentType } from 'react';
import { locationService } from '@grafana/runtime';
import type { SceneAppPage } from '@grafana/scenes';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import type { CorrelateSettings } from '../settings/types';

/** Builds one Scenes page of the app from the settings. */
export type PageFactory = (settings: CorrelateSettings) => SceneAppPage;

/** A page in plain React, without Scenes (Health): it draws its own page chrome and keeps its state in the URL. */
export type PlainPage = ComponentType<{ settings: CorrelateSettings }>;

/** What a route's loader gives: a Scenes page for the app's SceneApp, or a plain React page. */
export type LoadedPage = { kind: 'scenes'; factory: PageFactory } | { kind: 'plain'; Page: PlainPage };

const searchObject = () => locationService.getSearchObject() as Record<string, unknown>;
const searchParams = () => new URLSearchParams(locationService.getLocation().search);
const scenes = (factory: PageFactory): LoadedPage => ({ kind: 'scenes', factory });

/**
 * Each route's page code, loaded when the route is first opened: opening Errors loads Errors and
 * what it needs, not the other pages, the health checks or What changed's readers. Health is plain
 * React, so opening it loads no Scenes. In the app's navigation order. (Chunks are not named: every
 * name would add to module.js.)
 */
export const PAGE_LOADERS: Record<ROUTES, () => Promise<LoadedPage>> = {
  [ROUTES.Errors]: () => import('../pages/errors/errorsPage').then((m) => scenes((s) => m.errorsPage(s, searchObject))),
  [ROUTES.Trace]: () => import('../pages/trace/tracePage').then((m) => scenes((s) => m.tracePage(s, searchParams))),
  [ROUTES.Services]: () =>
    import('../pages/services/servicesPage').then((m) => scenes((s) => m.servicesPage(s, searchObject))),
  [ROUTES.Changed]: () =>
    import('../pages/changed/changedPage').then((m) => scenes((s) => m.changedPage(s, searchParams))),
  [ROUTES.Health]: () => import('../pages/health/HealthPage').then((m) => ({ kind: 'plain', Page: m.HealthPage })),
};

const ROUTE_NAMES = Object.values(ROUTES) as string[];

/**
 * The route of a path under the app: its first segment. `null` for the app's root (which opens
 * Errors), undefined for a path that names no page.
 */
export function routeOfPath(pathname: string): ROUTES | null | undefined {
  const base = PLUGIN_BASE_URL.toLowerCase();
  const path = pathname.replace(/\/+$/, '');
  if (path.toLowerCase() === base) {
    return null;
  }
  if (!path.toLowerCase().startsWith(`${base}/`)) {
    return undefined;
  }
  // Case-insensitive, as react-router matches SceneApp's routes.
  const segment = path
    .slice(base.length + 1)
    .split('/')[0]
    .toLowerCase();
  return ROUTE_NAMES.includes(segment) ? (segment as ROUTES) : undefined;
}

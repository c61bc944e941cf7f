import type { MiniSchema } from './miniSchema';

/**
 * The rules of Grafana's plugin.json schema that an app with a nested panel meets, written out here
 * (the schema file is not shipped by any npm package). Source: grafana/grafana
 * docs/sources/developers/plugins/plugin.schema.json on main (what @grafana/plugin-validator
 * v0.31.0 downloads, pkg/analysis/passes/metadataschema), as rendered in grafana/plugin-tools
 * docusaurus/docs/reference/metadata.md at 89cd91c6e (2026-07-15), which that repository's CI keeps
 * in sync with the schema. `additionalProperties: false` is the schema file's own (as stored at
 * grafana/grafana 021371ce, for the root, info, author, logos, links, screenshots, dependencies); on
 * `extensions` and its items unknown keys are refused here too, which can only be stricter.
 * Properties Correlate does not use are checked for their type only.
 */

const str: MiniSchema = { type: 'string' };
const bool: MiniSchema = { type: 'boolean' };
const obj: MiniSchema = { type: 'object' };
const arr: MiniSchema = { type: 'array' };
const strings: MiniSchema = { type: 'array', items: str };

const PLUGIN_ID = '^[0-9a-z]+\\-([0-9a-z]+\\-)?(app|panel|datasource)$';
const EXTENSION_ID = '^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)\\/[a-zA-Z0-9_-]+\\/v[0-9_.-]+$';
const VERSION = '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)|(\\%VERSION\\%)$';
const UPDATED = '^(\\d{4}-\\d{2}-\\d{2}|\\%TODAY\\%)$';
const ONE = '(<=|>=|<|>|=|~|\\^)?([0-9]+)(\\.[0-9x\\*]+)?(\\.[0-9x\\*]+)?(-[0-9A-Za-z-.]+)?';
const UPPER = '(\\s(<=|>=|<|=>)?([0-9]+)(\\.[0-9x\\*]+)?(\\.[0-9x\\*]+)?(-[0-9A-Za-z-.]+)?)?';
const GRAFANA_DEPENDENCY = `^${ONE}${UPPER}(\\s\\|\\|\\s${ONE}${UPPER})*$`;

const extensionItem = (titleMinLength: number): MiniSchema => ({
  type: 'object',
  required: ['targets', 'title'],
  additionalProperties: false,
  properties: { targets: strings, title: { type: 'string', minLength: titleMinLength }, description: str },
});

const idItem: MiniSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: EXTENSION_ID }, title: str, description: str },
};

export const pluginJsonSchema: MiniSchema = {
  type: 'object',
  required: ['type', 'name', 'id', 'info', 'dependencies'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: PLUGIN_ID },
    type: { type: 'string', enum: ['app', 'datasource', 'panel', 'renderer'] },
    name: str,
    $schema: str,
    info: {
      type: 'object',
      required: ['logos', 'version', 'updated', 'keywords'],
      additionalProperties: false,
      properties: {
        author: {
          type: 'object',
          additionalProperties: false,
          properties: { name: str, email: str, url: str },
        },
        build: obj,
        description: str,
        keywords: { type: 'array', minItems: 1, items: str },
        links: {
          type: 'array',
          items: { type: 'object', properties: { name: str, url: str, target: str } },
        },
        logos: {
          type: 'object',
          required: ['small', 'large'],
          additionalProperties: false,
          properties: { small: str, large: str },
        },
        screenshots: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, properties: { name: str, path: str } },
        },
        updated: { type: 'string', pattern: UPDATED },
        version: { type: 'string', pattern: VERSION },
      },
    },
    dependencies: {
      type: 'object',
      required: ['grafanaDependency'],
      additionalProperties: false,
      properties: {
        grafanaVersion: str,
        grafanaDependency: { type: 'string', pattern: GRAFANA_DEPENDENCY },
        plugins: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'name', 'type'],
            properties: {
              id: { type: 'string', pattern: PLUGIN_ID },
              type: { type: 'string', enum: ['app', 'datasource', 'panel'] },
              name: str,
            },
          },
        },
        extensions: { type: 'object', properties: { exposedComponents: strings } },
      },
    },
    includes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          uid: str,
          type: { type: 'string', enum: ['dashboard', 'page', 'panel', 'datasource'] },
          name: str,
          component: str,
          role: { type: 'string', enum: ['Admin', 'Editor', 'Viewer'] },
          action: str,
          path: str,
          addToNav: bool,
          defaultNav: bool,
          icon: str,
        },
      },
    },
    extensions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        addedComponents: { type: 'array', items: extensionItem(10) },
        addedLinks: { type: 'array', items: extensionItem(10) },
        addedFunctions: { type: 'array', items: extensionItem(10) },
        exposedComponents: { type: 'array', items: idItem },
        extensionPoints: { type: 'array', items: idItem },
      },
    },
    // Present in the schema, unused by Correlate: checked for their type only.
    alerting: bool,
    annotations: bool,
    autoEnabled: bool,
    backend: bool,
    buildMode: str,
    builtIn: bool,
    category: str,
    docsPath: str,
    enterpriseFeatures: obj,
    executable: str,
    hideFromList: bool,
    logs: bool,
    metrics: bool,
    mixed: bool,
    multiValueFilterOperators: bool,
    pascalName: str,
    preload: bool,
    suggestions: bool,
    queryOptions: obj,
    routes: arr,
    skipDataQuery: bool,
    state: { type: 'string', enum: ['alpha', 'beta', 'stable', 'deprecated'] },
    streaming: bool,
    tracing: bool,
    iam: obj,
    roles: arr,
    languages: strings,
  },
};

import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

// Grafana lends plugins its own React: 12.4, the oldest version Correlate supports, runs React 18
// (@grafana/ui 12.4.0 peer-depends on react ^18), whatever React we build and test with. These
// rules keep React 19-only APIs out of src/ (config/__tests__/react18Rules.test.ts proves each).
const REACT_18 = 'is React 19 only: Grafana 12.4, the oldest version Correlate supports, runs React 18';
const REACT_19_HOOKS = ['use', 'useActionState', 'useOptimistic', 'useEffectEvent', 'Activity', 'cache', 'cacheSignal'];
const REACT_DOM_19 = [
  'useFormStatus',
  'useFormState',
  'preload',
  'preloadModule',
  'preinit',
  'preinitModule',
  'preconnect',
  'prefetchDNS',
  'requestFormReset',
];
const anyOf = (names) => `/^(${names.join('|')})$/`;
const react18Rules = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        // Kept from @grafana/eslint-config: this setting replaces its list.
        'moment',
        { name: 'react', importNames: REACT_19_HOOKS, message: `This export ${REACT_18}.` },
        { name: 'react-dom', importNames: REACT_DOM_19, message: `This export ${REACT_18}.` },
        { name: 'react-dom/static', message: `react-dom/static ${REACT_18}.` },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: `MemberExpression[object.name='React'][property.name=${anyOf(REACT_19_HOOKS)}]`,
      message: `This React API ${REACT_18}.`,
    },
    {
      selector: `MemberExpression[object.name='ReactDOM'][property.name=${anyOf(REACT_DOM_19)}]`,
      message: `This react-dom API ${REACT_18}.`,
    },
    {
      selector: "JSXMemberExpression[object.name='React'][property.name='Activity']",
      message: `<Activity> ${REACT_18}.`,
    },
    {
      selector: "JSXOpeningElement[name.type='JSXIdentifier'][name.name=/Context$/]",
      message: `Rendering a context as its provider ${REACT_18}: render <SomeContext.Provider value={...}>.`,
    },
    {
      selector: "JSXOpeningElement[name.type='JSXMemberExpression'][name.property.name=/Context$/]",
      message: `Rendering a context as its provider ${REACT_18}: render <SomeContext.Provider value={...}>.`,
    },
    {
      selector:
        ":function > ObjectPattern > Property[key.name='ref'], :function > AssignmentPattern > ObjectPattern > Property[key.name='ref'], MemberExpression[object.name='props'][property.name='ref']",
      message: `ref as a prop of a function component ${REACT_18} (React 18 never passes it): use forwardRef.`,
    },
    {
      selector:
        "JSXAttribute[name.name='ref'] > JSXExpressionContainer > :function > BlockStatement > ReturnStatement > :function, JSXAttribute[name.name='ref'] > JSXExpressionContainer > ArrowFunctionExpression > :function.body",
      message: `A cleanup function returned from a ref callback ${REACT_18} (React 18 ignores it and calls the ref with null).`,
    },
    {
      selector:
        "JSXOpeningElement[name.name='form'] > JSXAttribute[name.name='action'][value.type='JSXExpressionContainer'], JSXAttribute[name.name='formAction'][value.type='JSXExpressionContainer']",
      message: `Form actions ${REACT_18}: handle onSubmit / onClick.`,
    },
    {
      selector:
        "CallExpression[callee.name='useDeferredValue'][arguments.length>1], CallExpression[callee.property.name='useDeferredValue'][arguments.length>1]",
      message: `useDeferredValue's initial value ${REACT_18}.`,
    },
    {
      selector: "JSXAttribute[name.name='precedence'], JSXOpeningElement[name.name=/^(link|meta)$/]",
      message: `Stylesheets and metadata hoisted by React ${REACT_18}.`,
    },
  ],
};

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '.bench/',
      '.browser/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: react18Rules,
  },
  {
    // The base config lints src/ only; the specs, stack tests, benchmark and build configs are code too.
    files: ['tests/**/*.ts', 'config/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'browser/**/*.{ts,tsx}', '*.config.ts'],
    rules: {
      'react-hooks/rules-of-hooks': 'off',
    },
  },
]);

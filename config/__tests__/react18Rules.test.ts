/** @jest-environment node */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { ROOT } from './stackFiles';

/**
 * Grafana 12.4 lends plugins React 18. The lint rules in eslint.config.mjs keep React 19-only APIs
 * out of src/: the rules ESLint really applies to a page are read from ESLint itself, then run
 * over one snippet per API (each must be caught) and over their React 18 equivalents (none may be).
 */
type RuleEntry = Linter.RuleEntry;

function effectiveRules(file: string): Record<string, RuleEntry> {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--print-config', file],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
  );
  return JSON.parse(out.slice(out.indexOf('{'))).rules;
}

const RULES = ['no-restricted-imports', 'no-restricted-syntax'];
let rules: Record<string, RuleEntry>;

beforeAll(() => {
  const all = effectiveRules('src/pages/services/ServicesOverview.tsx');
  rules = Object.fromEntries(RULES.map((r) => [r, all[r]]));
}, 60_000);

function lint(code: string) {
  return new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.tsx'],
        languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
        rules,
      },
    ],
    'src/pages/probe/Probe.tsx'
  );
}

// The APIs are listed here apart from eslint.config.mjs on purpose: a name dropped there must fail here.
const REACT_19_ONLY: Array<[string, string]> = [
  ...['use', 'useActionState', 'useOptimistic', 'useEffectEvent', 'Activity', 'cache', 'cacheSignal'].map(
    (name): [string, string] => [`react's ${name}`, `import { ${name} } from 'react';`]
  ),
  ...[
    'useFormStatus',
    'useFormState',
    'preload',
    'preloadModule',
    'preinit',
    'preinitModule',
    'preconnect',
    'prefetchDNS',
    'requestFormReset',
  ].map((name): [string, string] => [`react-dom's ${name}`, `import { ${name} as renamed } from 'react-dom';`]),
  ['react-dom/static', "import { prerender } from 'react-dom/static';"],
  ['React.use', "import React from 'react';\nconst value = React.use(promise);"],
  ['React.useOptimistic', "import * as React from 'react';\nconst [v] = React.useOptimistic(x);"],
  ['ReactDOM.preinit', "import ReactDOM from 'react-dom';\nReactDOM.preinit('/a.js', { as: 'script' });"],
  [
    '<React.Activity>',
    'import React from \'react\';\nconst A = () => <React.Activity mode="hidden"><p /></React.Activity>;',
  ],
  ['a context rendered as its provider', 'const A = ({ c }: P) => <ThemeContext value={t}>{c}</ThemeContext>;'],
  ['a member context rendered as its provider', 'const A = () => <contexts.ThemeContext value={t} />;'],
  [
    'ref destructured from props',
    'function Input({ ref, ...rest }: Props) {\n  return <input ref={ref} {...rest} />;\n}',
  ],
  ['ref destructured from props with a default', 'const Input = ({ ref }: Props = {}) => <input ref={ref} />;'],
  ['props.ref', 'function Input(props: Props) {\n  return <input ref={props.ref} />;\n}'],
  [
    'a ref callback returning its cleanup',
    'const A = () => <div ref={(el) => {\n  observe(el);\n  return () => unobserve(el);\n}} />;',
  ],
  ['a ref arrow returning its cleanup', 'const A = () => <div ref={(el) => () => unobserve(el)} />;'],
  ['a form action function', 'const A = () => <form action={save} />;'],
  ['a button formAction function', 'const A = () => <button formAction={save} />;'],
  [
    "useDeferredValue's initial value",
    "import { useDeferredValue } from 'react';\nconst v = useDeferredValue(value, '');",
  ],
  ['a hoisted stylesheet', 'const A = () => <link rel="stylesheet" href="/a.css" precedence="default" />;'],
  ['hoisted metadata', 'const A = () => <meta name="robots" content="none" />;'],
];

const REACT_18_SAFE: Array<[string, string]> = [
  [
    'React 18 hooks and helpers',
    "import React, { createContext, forwardRef, useDeferredValue, useEffect, useId, useRef, useState, useSyncExternalStore, useTransition } from 'react';\nconst v = useDeferredValue(value);",
  ],
  ['react-dom 18 APIs', "import { createPortal, flushSync } from 'react-dom';"],
  ['a context provider', 'const A = ({ c }: P) => <ThemeContext.Provider value={t}>{c}</ThemeContext.Provider>;'],
  [
    'forwardRef',
    "import { forwardRef } from 'react';\nconst Input = forwardRef<HTMLInputElement, Props>((props, ref) => <input ref={ref} {...props} />);",
  ],
  ['a ref object on an element', 'const A = ({ on }: P) => <li ref={on ? selectedRef : undefined} />;'],
  ['a ref callback without cleanup', 'const A = () => <div ref={(el) => {\n  node.current = el;\n}} />;'],
  ['ref read from something that is not props', 'const { ref } = useMeasure();\nconst r = other.ref;'],
  ['a form with onSubmit and a URL action', 'const A = () => <form onSubmit={save} action="/search" />;'],
  ['host packages', "import { dateTime } from '@grafana/data';\nimport { Button } from '@grafana/ui';"],
];

describe('React 18 lint rules (eslint.config.mjs, src/)', () => {
  it('are set for the files in src/', () => {
    for (const rule of RULES) {
      expect(rules[rule]).toBeDefined();
    }
    expect(effectiveRules('src/module.tsx')).toMatchObject(rules);
  }, 60_000);

  it.each(REACT_19_ONLY)('catch %s', (_name, code) => {
    const messages = lint(code);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(RULES).toContain(m.ruleId);
      expect(m.message).toMatch(/React 19 only: Grafana 12\.4, the oldest version Correlate supports, runs React 18/);
    }
  });

  it.each(REACT_18_SAFE)('leave %s alone', (_name, code) => {
    expect(lint(code)).toEqual([]);
  });

  it('keep the base config’s own restriction (moment)', () => {
    expect(lint("import moment from 'moment';").map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
  });
});

// Packages the host hands to plugins without type declarations of their own.
declare module 'prismjs';
declare module 'slate';
// Grafana's react-router-dom 5 and react-router-dom-v5-compat: the copies its @grafana/ui depends on,
// which browser/webpack.config.ts aliases (they are not the project's own dependencies).
declare module 'grafana-shared/react-router-dom';
declare module 'react-router-dom-v5-compat';

/**
 * SVG checks: the element and attribute rule of @grafana/plugin-validator v0.31.0
 * (pkg/svgvalidate/svgvalidate.go, used by pkg/analysis/passes/unsafesvg), plus ours for logos:
 * the file must parse as XML with an <svg> root and draw something. Needs a DOMParser (jsdom).
 */

// Elements the validator refuses anywhere in an SVG (svgvalidate.go, svgForbiddenElements).
const FORBIDDEN_ELEMENTS = new Set([
  'annotation-xml',
  'audio',
  'colgroup',
  'iframe',
  'math',
  'mi',
  'mn',
  'mo',
  'ms',
  'mtext',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
  'script',
  'template',
  'thead',
  'xmp',
]);
const DRAWING = ['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'image', 'use'];
const SVG_NS = 'http://www.w3.org/2000/svg';

/** The document, or a sentence saying why `text` is not an SVG image. */
export function parseSvg(text: string): Document | string {
  if (text.trim() === '') {
    return 'the file is empty';
  }
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName === 'parsererror' || doc.getElementsByTagName('parsererror').length > 0) {
    return 'the file is not well-formed XML';
  }
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS) {
    return `its root element is <${root.localName}>, not an <svg> in the SVG namespace`;
  }
  return doc;
}

/**
 * Why the validator would call this SVG unsafe, or undefined: a forbidden element, or an attribute
 * whose name starts with "on" (an event handler; no attribute on its allow-list starts so).
 */
export function unsafeSvgReason(doc: Document): string | undefined {
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    if (FORBIDDEN_ELEMENTS.has(el.localName)) {
      return `Invalid element ${el.localName}`;
    }
    for (const attr of Array.from(el.attributes)) {
      if (attr.name.toLowerCase().startsWith('on')) {
        return `Invalid attribute ${attr.name}`;
      }
    }
  }
  return undefined;
}

/** True when the SVG draws at least one shape (a logo with none is blank in the catalogue). */
export const drawsSomething = (doc: Document) => DRAWING.some((name) => doc.getElementsByTagName(name).length > 0);

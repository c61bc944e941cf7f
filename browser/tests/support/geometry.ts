import type { Page } from '@playwright/test';

/**
 * Layout checks a screenshot reviewer would make, run in the page (issue 22). Each problem names the
 * element (test id, selector or text) and its size, so a failure says what to fix without the picture.
 */
export interface GeometryOptions {
  /** CSS selector of the part of the page to check (a mounted view); the whole document if absent. */
  root?: string;
  /** Check the page for horizontal overflow (at phone width). */
  noHorizontalScroll: boolean;
}

/** Narrower than this, a box that wraps its text onto more than two lines is a squeezed column. */
export const SQUEEZED_PX = 80;
/**
 * A panel (Grafana's PanelChrome, `data-testid Panel header <title>`) shorter than this has lost its
 * content: a header (32 px) and one line of text need more. Also the floor when no min-height is set.
 */
export const PANEL_MIN_PX = 80;
/** A panel narrower than this has no room for a graph or its title (a flex row shrunk to content). */
export const PANEL_MIN_WIDTH_PX = 120;
/** Two headings with the same text closer than this, one under the other, read as a stutter. */
export const STACKED_GAP_PX = 60;

// Runs in the browser: everything it needs is inside it (page.evaluate serialises the function).
function measure(
  options: GeometryOptions & { squeezed: number; panelMin: number; panelMinWidth: number; stackedGap: number }
): string[] {
  const root: Element = (options.root && document.querySelector(options.root)) || document.documentElement;
  window.scrollTo(0, 0); // the full-page screenshot may leave the page scrolled
  const problems: string[] = [];
  const size = (r: DOMRect) => `${Math.round(r.width)}x${Math.round(r.height)} px`;
  const shown = (el: Element) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  const name = (el: Element): string => {
    const own = el.getAttribute('data-testid');
    const label = el.getAttribute('aria-label');
    const tag = el.tagName.toLowerCase();
    const words = text(el).slice(0, 40);
    const where = el.closest('[data-testid]');
    const inside = !own && where ? ` in [data-testid="${where.getAttribute('data-testid')}"]` : '';
    return `${own ? `[data-testid="${own}"]` : tag}${label ? ` "${label}"` : ''}${words ? ` «${words}»` : ''}${inside}`;
  };
  const lineHeight = (el: Element) => {
    const cs = getComputedStyle(el);
    const lh = parseFloat(cs.lineHeight);
    return Number.isFinite(lh) ? lh : parseFloat(cs.fontSize) * 1.2;
  };
  const all = [root, ...Array.from(root.querySelectorAll('*'))].filter(shown);

  // 1. Squeezed text: a text node wrapping onto 3+ lines inside a box narrower than SQUEEZED_PX.
  const squeezed = new Set<Element>();
  for (const el of all) {
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType !== Node.TEXT_NODE || !(node.textContent ?? '').trim()) {
        continue;
      }
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      if (box.width < options.squeezed && r.height > 2 * lineHeight(el) + 1 && !squeezed.has(el)) {
        squeezed.add(el);
        problems.push(`squeezed text: ${name(el)} wraps to ${Math.round(r.height)} px high in a box of ${size(box)}`);
      }
    }
  }

  // 2. Horizontal overflow: the document wider than the window, and the outermost elements past its edge.
  if (options.noHorizontalScroll) {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > width) {
      const clipped = (el: Element) => {
        // The body's overflow (Grafana sets it) is the viewport's: it clips nothing.
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX;
          if (ox !== 'visible' && p.getBoundingClientRect().right <= width + 1) {
            return true;
          }
        }
        return false;
      };
      const out = all.filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el));
      // The culprits: what sticks out of a parent that fits; else the innermost elements past the edge.
      const fits = (el: Element | null) => !el || el.getBoundingClientRect().right <= width + 1;
      const fromFitting = out.filter((el) => fits(el.parentElement));
      const innermost = out.filter((el) => !Array.from(el.children).some((c) => out.includes(c)));
      const culprits = (fromFitting.length ? fromFitting : innermost)
        .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
        .slice(0, 5);
      problems.push(
        `horizontal overflow: the page is ${scrollWidth} px wide in a ${width} px window; past the edge: ` +
          (culprits.map((el) => `${name(el)} ${size(el.getBoundingClientRect())}`).join('; ') || 'no element found')
      );
    }
  }

  // 3. Panels at least their minimum height (their own min-height, and never under PANEL_MIN_PX), and
  // wide enough to draw in.
  const panels = Array.from(root.querySelectorAll('[data-testid^="data-testid Panel header"], section[data-testid]'));
  for (const panel of panels) {
    const r = panel.getBoundingClientRect();
    const min = Math.max(options.panelMin, parseFloat(getComputedStyle(panel).minHeight) || 0);
    if (getComputedStyle(panel).display !== 'none' && r.height < min) {
      problems.push(`panel too short: ${name(panel)} is ${size(r)}, under its minimum of ${min} px`);
    }
    if (getComputedStyle(panel).display !== 'none' && r.width < options.panelMinWidth) {
      problems.push(`panel too narrow: ${name(panel)} is ${size(r)}, under ${options.panelMinWidth} px`);
    }
  }

  // 4. Every table column headed.
  const headers = Array.from(root.querySelectorAll('th, [role="columnheader"]')).filter(shown);
  for (const th of headers) {
    if (!text(th) && !th.getAttribute('aria-label')) {
      const table = th.closest('table, [role="table"], [role="grid"], [data-testid]') ?? th;
      problems.push(`column without a header: a ${size(th.getBoundingClientRect())} header cell of ${name(table)}`);
    }
  }
  for (const table of Array.from(root.querySelectorAll('table')).filter(shown)) {
    const heads = table.querySelectorAll('thead th, thead td').length;
    const widest = Math.max(0, ...Array.from(table.querySelectorAll('tbody tr')).map((tr) => tr.children.length));
    if (widest > heads) {
      problems.push(`column without a header: ${name(table)} has ${widest} columns and ${heads} headers`);
    }
  }

  // 5. No two headings with the same text stacked one under the other.
  const headings = Array.from(root.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')).filter(shown);
  for (let i = 1; i < headings.length; i++) {
    const [a, b] = [headings[i - 1], headings[i]];
    const [ra, rb] = [a.getBoundingClientRect(), b.getBoundingClientRect()];
    const sameText = text(a).toLowerCase() === text(b).toLowerCase() && text(a) !== '';
    const overlapX = ra.left < rb.right && rb.left < ra.right;
    if (sameText && overlapX && rb.top >= ra.top && rb.top - ra.bottom < options.stackedGap) {
      problems.push(
        `same heading twice: ${name(a)} ${size(ra)} and ${name(b)} ${size(rb)}, ${Math.round(rb.top - ra.bottom)} px apart`
      );
    }
  }
  return problems;
}

/** The layout problems of the page (or of `options.root`), one line each; empty when it looks right. */
export function geometryProblems(page: Page, options: GeometryOptions): Promise<string[]> {
  return page.evaluate(measure, {
    ...options,
    squeezed: SQUEEZED_PX,
    panelMin: PANEL_MIN_PX,
    panelMinWidth: PANEL_MIN_WIDTH_PX,
    stackedGap: STACKED_GAP_PX,
  });
}

import { locationService } from '@grafana/runtime';

/**
 * Grafana's click handler for links (public/app/core/navigation/patch/interceptLinkClicks.ts,
 * added on the document in app.ts): a plain click on an `<a href>` without a target becomes a
 * push on the location service, so in-app links never reload the page. Modified clicks, links with
 * a target and links leaving Grafana are left to the browser.
 */
export function interceptLinkClicks() {
  document.addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.defaultPrevented) {
      return;
    }
    const anchor = e.target instanceof Element ? e.target.closest('a') : null;
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || anchor.getAttribute('target')) {
      return;
    }
    e.preventDefault();
    if (href.startsWith('/')) {
      locationService.push(href);
    } else {
      window.location.href = href;
    }
  });
}

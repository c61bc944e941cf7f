// The host page: a small Grafana frontend for loading built plugins in a real browser.
// Import order matters: the boot data must exist before @grafana/runtime is evaluated, and the
// runtime services must be set before a plugin runs.
import './boot';
import { EventBusSrv, setTimeZoneResolver } from '@grafana/data';
import { config, locationService, setAppEvents } from '@grafana/runtime';
import { listenForPageErrors } from './errors';
import { installDemoRuntime } from './demo/runtime';
import { installScaleRuntime } from './scale/runtime';
import { installHostileRuntime } from './hostile/runtime';
import { createHarness } from './harness';
import { interceptLinkClicks } from './links';
import { mountGlobalStyles } from './mount';
import { installServices } from './services';
import { installStandardEditors } from './standardEditors';

listenForPageErrors();
// Grafana's app events bus (public/app/core/app_events.ts, set at start-up in app.ts): Scenes'
// pickers publish on it.
setAppEvents(new EventBusSrv());
// The zone every date format falls back on: the user's, as Grafana's start-up sets it (public/app/app.ts,
// `setTimeZoneResolver(() => config.bootData.user.timezone)`).
setTimeZoneResolver(() => config.bootData.user.timezone);
// `?runtime=demo`: data sources answering with the demo shop (the component tests); `?runtime=scale`:
// the same at production scale, measured (npm run bench:scale); otherwise doubles that answer with no
// data (the loading test).
const runtime = new URLSearchParams(window.location.search).get('runtime');
// `?runtime=hostile`: the scale runtime carrying the hostile catalogue (browser/tests/hostile.spec.ts).
const demo =
  runtime === 'demo'
    ? installDemoRuntime()
    : runtime === 'scale'
      ? installScaleRuntime()
      : runtime === 'hostile'
        ? installHostileRuntime()
        : undefined;
if (!demo) {
  installServices();
}
installStandardEditors();
mountGlobalStyles();
interceptLinkClicks();
window.harness = createHarness((path) => locationService.push(path), demo);
document.body.dataset.harnessReady = 'true';

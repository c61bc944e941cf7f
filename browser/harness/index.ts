// The host page: a small Grafana frontend for loading built plugins in a real browser.
// Import order matters: the boot data must exist before @grafana/runtime is evaluated, and the
// runtime services must be set before a plugin runs.
import './boot';
import { locationService } from '@grafana/runtime';
import { listenForPageErrors } from './errors';
import { createHarness } from './harness';
import { installServices } from './services';
import { installStandardEditors } from './standardEditors';

listenForPageErrors();
installServices();
installStandardEditors();
window.harness = createHarness((path) => locationService.push(path));
document.body.dataset.harnessReady = 'true';

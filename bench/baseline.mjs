// bench/baseline.html: expose the npm docx exporter to the benchmark driver.
import * as baseline from './docx-baseline.mjs';

window.baseline = baseline;
document.body.dataset.ready = 'true';

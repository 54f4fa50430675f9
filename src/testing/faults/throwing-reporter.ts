// Fault injection for exit-code tests, loaded with `node --import` before the CLI: the JSON reporter
// throws, a crash outside any control. The CLI must print one line (no stack) and exit 3.
import { builtinReporters } from '../../reporters/index.js';

Object.assign(builtinReporters['json'] as object, {
  render: () => {
    throw new RangeError('injected reporter failure');
  },
});

// Fault injection for exit-code tests, loaded with `node --import` before the CLI: NSA-POD-006 throws on
// every container, as a buggy control would. The CLI must report internal errors and exit 3.
import { builtinControls } from '../../controls/index.js';

const control = builtinControls.find((c) => c.meta.id === 'NSA-POD-006');
if (!control) throw new Error('NSA-POD-006 not found');
Object.assign(control, {
  check: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'privileged')");
  },
});

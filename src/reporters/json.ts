import type { Reporter } from './reporter.js';

/** The report verbatim: a public contract, versioned by its schemaVersion field. */
export const jsonReporter: Reporter = {
  name: 'json',
  fileExtension: 'json',
  render: (report) => JSON.stringify(report, null, 2) + '\n',
};

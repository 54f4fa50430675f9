import { htmlReporter } from './html/html.js';
import { jsonReporter } from './json.js';
import type { Reporter } from './reporter.js';
import { tableReporter } from './table.js';

export const builtinReporters: Readonly<Record<string, Reporter>> = {
  table: tableReporter,
  json: jsonReporter,
  html: htmlReporter,
};

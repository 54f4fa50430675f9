import { htmlReporter } from './html/html.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { policyReportReporter } from './policyreport.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { tableReporter } from './table.js';

export const builtinReporters: Readonly<Record<string, Reporter>> = {
  table: tableReporter,
  json: jsonReporter,
  html: htmlReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  github: githubReporter,
  policyreport: policyReportReporter,
};

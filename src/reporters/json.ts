import type { Reporter } from './reporter.js';

/**
 * The report verbatim: a public contract, versioned by its schemaVersion field. Top-level fields are
 * indented; each element of a list (a finding, a workload, a control) is written on one line, which
 * keeps large reports small, greppable and streamable.
 */
export const jsonReporter: Reporter = {
  name: 'json',
  fileExtension: 'json',
  *render(report) {
    const fields = Object.entries(report as unknown as Record<string, unknown>);
    yield '{\n';
    for (let f = 0; f < fields.length; f++) {
      const [key, value] = fields[f] as [string, unknown];
      const comma = f < fields.length - 1 ? ',' : '';
      yield `  ${JSON.stringify(key)}: `;
      if (Array.isArray(value) && value.length > 0) {
        yield '[\n';
        let batch = '';
        for (let i = 0; i < value.length; i++) {
          batch += `    ${JSON.stringify(value[i])}${i < value.length - 1 ? ',' : ''}\n`;
          if (batch.length > 1 << 16) {
            yield batch;
            batch = '';
          }
        }
        yield `${batch}  ]${comma}\n`;
      } else {
        yield `${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}${comma}\n`;
      }
    }
    yield '}\n';
  },
};


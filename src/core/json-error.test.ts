import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonErrorMessage } from './json-error.js';

const errorOf = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  assert.fail(`${text} parsed`);
};

describe('jsonErrorMessage', () => {
  it('drops the quote of the text V8 puts in the message, keeps the rest', () => {
    const quoted = errorOf('{"password": hunter2-very-secret}');
    assert.match(String((quoted as Error).message), /hunter2/, 'V8 does quote it (the test can fail)');
    assert.equal(jsonErrorMessage(quoted), `Unexpected token 'h' (not valid JSON)`);
    assert.equal(jsonErrorMessage(errorOf('hunter2-very-secret-and-more-text-here')), `Unexpected token 'h' (not valid JSON)`);
    assert.equal(jsonErrorMessage(errorOf('{"password": "hunter2')), 'Unterminated string in JSON at position 21');
    assert.equal(jsonErrorMessage(errorOf('')), 'Unexpected end of JSON input');
  });
});

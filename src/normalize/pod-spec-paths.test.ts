import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePodTemplateOption } from './pod-spec-paths.js';

test('a configured pod template location is a field path from the resource root', () => {
  assert.deepEqual(parsePodTemplateOption('example.com/Worker=spec.podTemplate'), [
    'example.com/Worker',
    { spec: ['spec', 'podTemplate', 'spec'], metadata: ['spec', 'podTemplate', 'metadata'] },
  ]);
});

test('a numeric segment is a list index, so findings are located on the list item', () => {
  // ECK keeps one pod template per node set: spec.nodeSets[0].podTemplate.
  assert.deepEqual(parsePodTemplateOption('elasticsearch.k8s.elastic.co/Elasticsearch=spec.nodeSets.0.podTemplate'), [
    'elasticsearch.k8s.elastic.co/Elasticsearch',
    { spec: ['spec', 'nodeSets', 0, 'podTemplate', 'spec'], metadata: ['spec', 'nodeSets', 0, 'podTemplate', 'metadata'] },
  ]);
});

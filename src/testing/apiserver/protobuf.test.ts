import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEnvelope, decodeMessage, decodeReview, PROTOBUF_MAGIC, ProtobufError, ProtobufWriter, stringField } from './protobuf.js';

function envelope(kind: string, review: ProtobufWriter): Uint8Array {
  const unknown = new ProtobufWriter()
    .message(1, new ProtobufWriter().string(1, 'authorization.k8s.io/v1').string(2, kind))
    .bytes(2, review.finish())
    .string(4, 'application/vnd.kubernetes.protobuf')
    .finish();
  return new Uint8Array([...PROTOBUF_MAGIC, ...unknown]);
}

describe('protobuf reader', () => {
  it('reads varints, strings and nested messages', () => {
    const bytes = new Uint8Array([0x08, 0x96, 0x01, 0x12, 0x03, 0x61, 0x62, 0x63, 0x1a, 0x02, 0x08, 0x01]);
    const message = decodeMessage(bytes);
    assert.equal(message.get(1)?.[0], 150n);
    assert.equal(stringField(message, 2), 'abc');
    assert.equal(decodeMessage(message.get(3)![0] as Uint8Array).get(1)?.[0], 1n);
  });

  it('refuses truncated input and a missing magic prefix', () => {
    assert.throws(() => decodeMessage(new Uint8Array([0x12, 0x05, 0x61])), ProtobufError);
    assert.throws(() => decodeEnvelope(new Uint8Array([0x7b, 0x7d])), /k8s protobuf prefix/);
  });

  it('decodes a SelfSubjectAccessReview as kubectl auth can-i sends it', () => {
    const attributes = new ProtobufWriter().string(1, 'payments').string(2, 'get').string(3, '').string(5, 'secrets').string(6, '').string(7, 'db');
    const review = new ProtobufWriter().message(1, new ProtobufWriter()).message(2, new ProtobufWriter().message(1, attributes));
    assert.deepEqual(decodeReview(envelope('SelfSubjectAccessReview', review)), {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'payments', verb: 'get', resource: 'secrets', name: 'db' } },
    });
  });

  it('decodes a SubjectAccessReview with user, groups and a non-resource path', () => {
    const spec = new ProtobufWriter()
      .message(2, new ProtobufWriter().string(1, '/metrics').string(2, 'get'))
      .string(3, 'alice')
      .string(4, 'devs')
      .string(4, 'ops');
    const review = new ProtobufWriter().message(1, new ProtobufWriter().string(1, 'check')).message(2, spec);
    assert.deepEqual(decodeReview(envelope('SubjectAccessReview', review)), {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      metadata: { name: 'check' },
      spec: { nonResourceAttributes: { path: '/metrics', verb: 'get' }, user: 'alice', groups: ['devs', 'ops'] },
    });
  });

  it('decodes the namespace of a SelfSubjectRulesReview', () => {
    const review = new ProtobufWriter().message(2, new ProtobufWriter().string(1, 'shop'));
    assert.deepEqual(decodeReview(envelope('SelfSubjectRulesReview', review))['spec'], { namespace: 'shop' });
  });
});

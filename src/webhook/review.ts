import { jsonErrorMessage } from '../core/json-error.js';
import type { Path } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { asRecord, asString, type KubeObject } from '../core/values.js';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

/** The part of an AdmissionReview request the webhook reads, as kube-apiserver sends it. */
export interface AdmissionRequest {
  readonly uid: string;
  /** The kind of the object as the API server serves it: `{group, version, kind}`. */
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly subResource?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly operation: string;
  readonly object?: KubeObject;
  readonly oldObject?: KubeObject;
  readonly dryRun: boolean;
  readonly username?: string;
}

export type Decoded = { readonly ok: true; readonly request: AdmissionRequest } | { readonly ok: false; readonly message: string };

/** Reads an AdmissionReview; any shape kube-apiserver would not send is a message for a 400 Status. */
export function decodeReview(text: string): Decoded {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `the body is not JSON: ${jsonErrorMessage(error)}` };
  }
  const review = asRecord(body);
  if (!review) return { ok: false, message: 'the body is not a JSON object' };
  if (review['apiVersion'] !== ADMISSION_API_VERSION || review['kind'] !== 'AdmissionReview') {
    return {
      ok: false,
      message: `expected apiVersion ${ADMISSION_API_VERSION} and kind AdmissionReview, got ${JSON.stringify(review['apiVersion'] ?? null)} and ${JSON.stringify(review['kind'] ?? null)} (set admissionReviewVersions: [v1])`,
    };
  }
  const request = asRecord(review['request']);
  if (!request) return { ok: false, message: 'request is missing' };
  const uid = asString(request['uid']);
  if (!uid) return { ok: false, message: 'request.uid is missing' };
  if (uid.length > 256) return { ok: false, message: 'request.uid is longer than 256 characters' };
  const operation = asString(request['operation']);
  if (!operation) return { ok: false, message: 'request.operation is missing' };
  const kind = asRecord(request['kind']);
  const object = asRecord(request['object']);
  const oldObject = asRecord(request['oldObject']);
  const userInfo = asRecord(request['userInfo']);
  const username = asString(userInfo?.['username']);
  const subResource = asString(request['subResource']);
  const name = asString(request['name']);
  const namespace = asString(request['namespace']);
  return {
    ok: true,
    request: {
      uid,
      kind: { group: asString(kind?.['group']) ?? '', version: asString(kind?.['version']) ?? '', kind: asString(kind?.['kind']) ?? '' },
      operation,
      dryRun: request['dryRun'] === true,
      ...(subResource ? { subResource } : {}),
      ...(name ? { name } : {}),
      ...(namespace ? { namespace } : {}),
      ...(object ? { object } : {}),
      ...(oldObject ? { oldObject } : {}),
      ...(username ? { username } : {}),
    },
  };
}

/**
 * The object of a request as a Resource the engine judges: origin cluster, no file. The request's own
 * kind and namespace win over the object's (on CREATE the object often has no namespace yet, and a
 * generated name is not set before admission).
 */
export function toResource(request: AdmissionRequest, object: KubeObject, which: 'object' | 'oldObject'): Resource {
  const metadata = asRecord(object['metadata']);
  const { group, version, kind } = request.kind;
  const apiVersion = asString(object['apiVersion']) ?? (group ? `${group}/${version}` : version);
  const name = asString(metadata?.['name']) || request.name || (asString(metadata?.['generateName']) ?? '') + '<generated>';
  const namespace = request.namespace || asString(metadata?.['namespace']);
  return {
    id: `admission:${request.uid}:${which}`,
    ref: { apiVersion, kind: asString(object['kind']) ?? kind, name, ...(namespace ? { namespace } : {}) },
    object,
    origin: { type: 'cluster', context: 'admission' },
  };
}

/** A meta/v1 Status, the body kube-apiserver expects with an HTTP error. */
export function statusBody(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

export interface ReviewResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly status?: { readonly code: number; readonly reason?: string; readonly message: string };
  readonly warnings?: readonly string[];
}

export function reviewBody(response: ReviewResponse): string {
  return JSON.stringify({ apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response });
}

/** The inverse of formatPath: `spec.containers[0]["a.b"]` → ['spec', 'containers', 0, 'a.b']. */
export function parsePath(text: string): Path {
  const path: (string | number)[] = [];
  const token = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let match: RegExpExecArray | null;
  while ((match = token.exec(text)) !== null) {
    if (match[1] !== undefined) path.push(match[1]);
    else if (match[2] !== undefined) path.push(Number(match[2]));
    else path.push(JSON.parse(match[3] as string) as string);
    if (token.lastIndex === text.length) break;
  }
  return path;
}

// meta/v1 Status bodies as kube-apiserver writes them for errors.

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly retryAfterSeconds?: number;
  readonly causes?: readonly { readonly reason?: string; readonly message?: string; readonly field?: string }[];
}

export interface ApiError {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly details?: StatusDetails;
  readonly headers?: Readonly<Record<string, string>>;
  /** ListMeta of the Status (a 410 Expired carries a token to continue inconsistently). */
  readonly metadata?: { readonly continue?: string };
}

export function statusBody(error: ApiError): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: error.metadata ?? {},
    status: 'Failure',
    message: error.message,
    reason: error.reason,
    ...(error.details !== undefined ? { details: error.details } : {}),
    code: error.code,
  });
}

export const unauthorized = (): ApiError => ({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });

export const notFound = (resource: string, name: string, group: string): ApiError => ({
  code: 404,
  reason: 'NotFound',
  message: `${group === '' ? resource : `${resource}.${group}`} "${name}" not found`,
  details: { name, ...(group !== '' ? { group } : {}), kind: resource },
});

export const pathNotFound = (): ApiError => ({
  code: 404,
  reason: 'NotFound',
  message: 'the server could not find the requested resource',
  details: {},
});

export const badRequest = (message: string): ApiError => ({ code: 400, reason: 'BadRequest', message });

export const methodNotAllowed = (verb: string, resource: string): ApiError => ({
  code: 405,
  reason: 'MethodNotAllowed',
  message: `the server does not allow this method on the requested resource (${verb} ${resource}): the kubeharden test API server is read-only`,
  details: { kind: resource },
});

export const notAcceptable = (accept: string): ApiError => ({
  code: 406,
  reason: 'NotAcceptable',
  message: `only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io, application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io (requested ${accept})`,
});

export const expiredContinue = (inconsistentContinue: string): ApiError => ({
  code: 410,
  metadata: { continue: inconsistentContinue },
  reason: 'Expired',
  message:
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
});

export function faultStatus(code: number, retryAfterSeconds: number | undefined): ApiError {
  const retry = retryAfterSeconds !== undefined ? { retryAfterSeconds } : undefined;
  const headers = retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : undefined;
  switch (code) {
    case 429:
      return { code, reason: 'TooManyRequests', message: 'Too many requests, please try again later.', details: retry ?? {}, headers };
    case 500:
      return { code, reason: 'InternalError', message: 'Internal error occurred: injected fault', details: { causes: [{ message: 'injected fault' }], ...retry }, headers };
    case 503:
      return { code, reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request', details: retry, headers };
    case 504:
      return { code, reason: 'Timeout', message: 'the server was unable to return a response in the time allotted, but may still be processing the request', details: retry, headers };
    default:
      return { code, reason: code >= 500 ? 'InternalError' : 'BadRequest', message: `injected fault (HTTP ${code})`, details: retry, headers };
  }
}

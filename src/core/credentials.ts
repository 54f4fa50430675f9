// Recognising credentials written as literals (NSA-SEC-005), and showing where they are without showing them.
//
// Key names are normalised before the patterns run: camelCase, dots and dashes become lower snake_case
// (`dbPassword`, `spring.datasource.password`, `DB-PASSWORD` → `db_password`, `spring_datasource_password`),
// so one pattern covers environment variables, properties files and ConfigMap keys alike.

import { joinPatterns } from './patterns.js';

/** A value pattern of the defaults, with what a match looks like (said in findings instead of the value). */
export interface KnownSecretPattern {
  readonly pattern: string;
  readonly label: string;
}

/**
 * Values that are credentials whatever their name. Each pattern recognises a credential format by its
 * fixed prefix and length, so a match is rarely anything else. Loose words ("JWT", "Bearer", "_key_")
 * are left out on purpose: they match ordinary configuration text.
 */
export const knownSecretPatterns: readonly KnownSecretPattern[] = [
  { pattern: 'BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY', label: 'a private key (PEM/OpenSSH/PGP)' },
  { pattern: '\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b', label: 'an AWS access key ID' },
  { pattern: '\\bgh[pousr]_[0-9A-Za-z]{36}\\b', label: 'a GitHub token' },
  { pattern: '\\bgithub_pat_[0-9A-Za-z_]{82}\\b', label: 'a GitHub fine-grained token' },
  { pattern: '\\bglpat-[0-9A-Za-z_-]{20}', label: 'a GitLab personal access token' },
  { pattern: '\\bxox[baprs]-[0-9A-Za-z-]{10,}', label: 'a Slack token' },
  { pattern: 'https://hooks\\.slack\\.com/services/T[0-9A-Za-z]+/B[0-9A-Za-z]+/[0-9A-Za-z]+', label: 'a Slack webhook URL' },
  { pattern: '\\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])', label: 'a Google API key' },
  { pattern: '\\bsk_live_[0-9A-Za-z]{24,}', label: 'a Stripe secret key' },
  { pattern: '\\beyJ(?:hbGciOi|0eXAiOi)', label: 'a JSON Web Token' },
  { pattern: '\\b[Bb]earer\\s+[A-Za-z0-9._~+/-]{8,}', label: 'a bearer token' },
  { pattern: '\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s:/?#@]+:(?!\\$[({])[^\\s/?#@]+@', label: 'a URL with an embedded password' },
];

/**
 * Key names that hold credentials, matched against the normalised name. A name matches on a whole word:
 * `API_KEY` and `dbPassword` do, `MONKEY` and `KEYCLOAK_URL` do not. `pass` counts only as the last word
 * (`DB_PASS`), since as a first word it is usually a verb (`PASS_THROUGH`).
 */
export const defaultSensitiveKeyPatterns: readonly string[] = [
  '(^|_)(passwords?|passwd|passphrase|pwd|secrets?|tokens?|credentials?|creds|jwt|bearer|apikey|privatekey|keys?)(_|$)',
  '(^|_)pass$',
];

/**
 * Names that match a sensitive pattern but do not hold the credential itself: they name where it is
 * (`PASSWORD_FILE`, `TLS_KEY_PATH`, `SECRET_NAME`, `TOKEN_URL`), describe it (`PASSWORD_MIN_LENGTH`,
 * `TOKEN_TTL`, `KEY_ID`, `API_KEY_HEADER`) or hold a public half (`PUBLIC_KEY`). The `_FILE` suffix is the
 * Docker secrets convention: the value is a path to a mounted file, which is what the guidance asks for.
 */
export const defaultNonSensitiveKeyPatterns: readonly string[] = [
  '_(file|files|path|paths|dir|directory|name|names|url|uri|endpoint|host|port|ref|length|size|ttl|timeout|expiry|expiration|expires|lifetime|duration|interval|seconds|secs|minutes|hours|days|ms|type|kind|algorithm|alg|enabled|header|prefix|suffix|format|version|location|mode|audience|issuer|scope|scopes|policy|count|source|provider|backend|namespace|class|strategy|method)$',
  '(^|_)(public|pub)(_|$)',
  // An ID names a key or client (AWS_ACCESS_KEY_ID, ROLE_ID), except a token's or secret's ID, which in
  // Vault and elsewhere is the credential itself (VAULT_DEV_ROOT_TOKEN_ID, an AppRole SECRET_ID).
  '(?<!(^|_)(token|secret))_ids?$',
];

export function normaliseKeyName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Compiled pattern lists, cached by the settings array they came from (settings are immutable). */
const compiled = new WeakMap<readonly string[], readonly RegExp[]>();

export function compilePatterns(patterns: readonly string[], flags = ''): readonly RegExp[] {
  let regexes = compiled.get(patterns);
  if (!regexes) {
    regexes = patterns.map((p) => new RegExp(p, flags));
    compiled.set(patterns, regexes);
  }
  return regexes;
}

/** Throws with the offending pattern named when a configured pattern is not a valid regular expression. */
export function validatePatterns(patterns: readonly string[], what: string): void {
  for (const pattern of patterns) {
    try {
      new RegExp(pattern);
    } catch (error) {
      throw new Error(`invalid ${what} ${JSON.stringify(pattern)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export interface CredentialRules {
  readonly sensitiveKeyPatterns: readonly string[];
  readonly nonSensitiveKeyPatterns: readonly string[];
  readonly secretValuePatterns: readonly string[];
}

/**
 * Answers by key name, per sensitive-pattern list: the same few hundred names (PORT, LOG_LEVEL, DB_HOST...)
 * come back in every workload of a large scan. Bounded, since names are input.
 */
const sensitiveKeyAnswers = new WeakMap<CredentialRules, Map<string, boolean>>();
const MAX_REMEMBERED_KEYS = 10_000;

export function isSensitiveKey(name: string, rules: CredentialRules): boolean {
  let answers = sensitiveKeyAnswers.get(rules);
  if (!answers) sensitiveKeyAnswers.set(rules, (answers = new Map()));
  let answer = answers.get(name);
  if (answer === undefined) {
    if (answers.size >= MAX_REMEMBERED_KEYS) answers.clear();
    answers.set(name, (answer = judgeKeyName(name, rules)));
  }
  return answer;
}

function judgeKeyName(name: string, rules: CredentialRules): boolean {
  const normalised = normaliseKeyName(name);
  if (!normalised) return false;
  if (!compilePatterns(rules.sensitiveKeyPatterns, 'i').some((r) => r.test(normalised))) return false;
  return !compilePatterns(rules.nonSensitiveKeyPatterns, 'i').some((r) => r.test(normalised));
}

/** All value patterns as one alternation: one pass over a value tells whether any of them matches. */
const anyValuePattern = new WeakMap<readonly string[], RegExp>();

/** The joined patterns, or, when they cannot be joined, a pattern that lets every value through to the one-by-one tests. */
function alternation(patterns: readonly string[]): RegExp {
  return joinPatterns(patterns) ?? /[^]?/;
}

/** What a value looks like when it matches a secret pattern: the known label, or the configured pattern. */
export function secretValueMatch(value: string, rules: CredentialRules): string | undefined {
  let any = anyValuePattern.get(rules.secretValuePatterns);
  if (!any) anyValuePattern.set(rules.secretValuePatterns, (any = alternation(rules.secretValuePatterns)));
  if (!any.test(value)) return undefined;
  const regexes = compilePatterns(rules.secretValuePatterns);
  for (let i = 0; i < regexes.length; i++) {
    if ((regexes[i] as RegExp).test(value)) {
      const source = rules.secretValuePatterns[i] as string;
      return knownSecretPatterns.find((k) => k.pattern === source)?.label ?? `a value matching /${source}/`;
    }
  }
  return undefined;
}

const placeholder = /^(\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$__(file|env|vault)\{[^}]*\}|\{\{.*\}\}|<[^<>]*>|%\([A-Za-z_]+\)s)$/;
const notACredential = /^(true|false|yes|no|on|off|null|none|nil|disabled|enabled)$/i;
const absolutePath = /^\/[\w.@+-]+(\/[\w.@+-]*)+$/;
/** A Spring resource location (`server.ssl.key-store=classpath:keystore.p12`): where the key store is. */
const resourceLocation = /^(classpath\*?|file):\S+$/;

/**
 * Whether a literal under a credential-like name actually holds a credential. These do not: empty values,
 * references resolved elsewhere (`$(DB_PASSWORD)` from another variable, `${VAR}` and `{{ .Values.x }}`
 * templates, `<password>` placeholders, Grafana's `$__file{/etc/secrets/x}` and `$__env{VAR}`), booleans and null
 * words (`ENABLE_TOKEN_AUTH: "true"`, `AUTH_TOKEN: none`) and absolute file paths or resource locations
 * (`SSL_KEY: /etc/ssl/private/tls.key`, `classpath:keystore.p12`: the file, not its content).
 */
export function isLiteralCredential(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return false;
  return !placeholder.test(trimmed) && !notACredential.test(trimmed) && !absolutePath.test(trimmed) && !resourceLocation.test(trimmed);
}

/**
 * A masked form that identifies a value without disclosing it: the first four characters of values long
 * enough that four characters give nothing away (`AKIA****`), only `****` for shorter ones. The mask length
 * never tells the value's length.
 */
export function maskSecret(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 16) return '****';
  return trimmed.slice(0, 4).replace(/[^\x21-\x7e]/g, '?') + '****';
}

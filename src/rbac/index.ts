// The RBAC effective-permissions engine: pure functions of the scan's RBAC objects.
export {
  buildRbacModel,
  RbacModel,
  RBAC_KINDS,
  ROLE,
  CLUSTER_ROLE,
  ROLE_BINDING,
  CLUSTER_ROLE_BINDING,
  type BindingDefinition,
  type BindingStatus,
  type Grant,
  type RoleDefinition,
  type RoleRule,
} from './model.js';
export { parseRequest, formatRequest, ruleAllows, describeRule, type Request, type Rule } from './rules.js';
export { riskyGrants, risks, type RiskId, type RiskyGrant } from './risk.js';
export { adminSubjects, defaultAdminSubjects, isAdminSubject, parseSubjectPattern, describeSubject, type Subject } from './subjects.js';
export { riskyPermissions, type RiskyPermissionsSection, type RiskyPermissionEntry, type UnknownRoleEntry } from './report.js';
export { builtinRoles } from './builtin-roles.js';

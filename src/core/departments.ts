/** The departments every company has; a company may define more (any lower-case word). */
export const STANDARD_DEPARTMENTS = ['marketing', 'sales', 'service', 'logistics', 'billing'] as const;

const DEPARTMENT_NAME = /^[a-z][a-z0-9-]{0,39}$/;

export function isValidDepartmentName(name: string): boolean {
  return DEPARTMENT_NAME.test(name);
}

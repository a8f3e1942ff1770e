/** Kept in step with package.json by a test; the bundles cannot read package.json at run time. */
export const TOOL_NAME = 'django-security-gate';
export const TOOL_VERSION = '0.1.0';
export const DOCS_BASE_URL = 'https://github.com/django-security-gate/django-security-gate/blob/main/docs/rules';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}

/**
 * The link to an account's CRM record (pure): `KUROKO_CRM_URL_TEMPLATE` with `{external_id}`
 * standing for the account's CRM id, URL-encoded. No template, no link.
 */
export function crmUrl(template: string | undefined, externalId: string): string | undefined {
  if (!template) return undefined;
  return template.replaceAll("{external_id}", encodeURIComponent(externalId));
}

// Lead vocabulary shared by the grid, the forms and the database layer.

export const LEAD_TYPES = ['solar', 'hvac', 'insurance'] as const;
export type LeadType = (typeof LEAD_TYPES)[number];

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const ROLES = ['sdr', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const ROLE_RANK: Record<Role, number> = { sdr: 0, manager: 1, admin: 2 };
export function roleAtLeast(role: Role | null | undefined, needed: Role): boolean {
  return role != null && ROLE_RANK[role] >= ROLE_RANK[needed];
}

export const LEAD_TYPE_LABELS: Record<LeadType, string> = { solar: 'Solar', hvac: 'HVAC', insurance: 'Insurance' };
export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  unqualified: 'Unqualified',
  converted: 'Converted',
};

/** Industry fields per lead type (seed 002), so forms and the drawer show only what applies. */
export const INDUSTRY_FIELDS: Record<LeadType, readonly string[]> = {
  solar: ['monthlyElectricBillCents', 'propertyType', 'roofCondition', 'roofAge', 'shadeCoverage'],
  hvac: ['systemType', 'systemAge', 'serviceType', 'urgency', 'propertySize'],
  insurance: ['policyType', 'coverageAmountCents', 'currentPremiumCents', 'propertyValueCents', 'claimsHistory'],
};

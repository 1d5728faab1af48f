// The values of the schema's enums that more than one feature lists (the generated types are
// types only, with no values at run time).
import type { OrgKind } from "../gql/graphql";

/** Every kind of organization, in the order the forms offer them. */
export const ORG_KINDS: OrgKind[] = [
  "DEPARTMENT",
  "DISTRICT_AKIMAT",
  "UTILITY",
  "KSK",
  "OSI",
  "MANAGEMENT_COMPANY",
  "ELEVATOR_OPERATOR",
  "CONTRACTOR",
  "POLICE",
];

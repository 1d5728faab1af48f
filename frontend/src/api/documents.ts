// Operations of the shared layer: the session's (refresh, sign-out), the city's public face, and
// the searches the shared pickers run. A feature's operations live in the feature
// (`features/<name>/`): next to the screen that runs them, or in its `documents.ts` when several
// of its screens do.
import { graphql } from "../gql";

// The refresh token lives in an HttpOnly cookie the server sets for the endpoint: no script of
// the page ever holds it.
export const RefreshDocument = graphql(`
  mutation Refresh {
    refreshSession {
      accessToken
      expiresIn
      user { id login displayName roles organizationId }
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout {
    logout
  }
`);

export const CurrentTenantDocument = graphql(`
  query CurrentTenant {
    currentTenant {
      slug brand phone timeZone defaultLanguage appealPrefix mapLat mapLon mapZoom
      name { kk ru en }
      city { kk ru en }
      branding { color tileUrl tileAttribution }
    }
  }
`);

export const OrganizationNamesDocument = graphql(`
  query OrganizationNames($kind: OrgKind, $search: String, $first: Int) {
    organizations(kind: $kind, search: $search, page: { first: $first }) {
      nodes { id code kind names { kk ru en } district }
    }
  }
`);

export const ServiceSearchDocument = graphql(`
  query ServiceSearch($search: String, $first: Int) {
    serviceTypes(search: $search, page: { first: $first }) {
      nodes { id code appealType requiresPhoto deadlineValue deadlineUnit names { kk ru en } }
    }
  }
`);

export const BuildingSearchDocument = graphql(`
  query BuildingSearch($search: String, $first: Int) {
    buildings(search: $search, page: { first: $first }) {
      nodes { id code address addressKk district lat lon apartments managingOrganization { id kind names { kk ru en } } }
    }
  }
`);

export const CategoriesDocument = graphql(`
  query Categories {
    spheres { id names { kk ru en } categories { id code names { kk ru en } } }
  }
`);

/** The city's districts with their names (public): `district(slug)` reads them. */
export const DistrictsDocument = graphql(`
  query Districts {
    districts { code name { kk ru en } }
  }
`);

/** The systemic cases not closed yet, for the panels of the supervisor's board and of organizations. */
export const OpenCasesDocument = graphql(`
  query OpenSystemicCases($organizationId: ID) {
    systemicCases(openOnly: true, organizationId: $organizationId) {
      id organizationId organizationName { kk ru en } title status deadline overdue openedAt
    }
  }
`);

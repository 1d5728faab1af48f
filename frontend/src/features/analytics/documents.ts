// The operations the analytics screens run.
import { graphql } from "../../gql";

export const FiguresFragment = graphql(`
  fragment Figures on AppealFigures {
    received firstCall firstCallShare incidents resolved resolvedOnTime resolvedLate onTimeShare
    reopened reopenRate rejected forwarded stillOpen openOverdue ratingCount averageRating
    averageHoursToResolve medianHoursToResolve p90HoursToResolve
  }
`);

export const DashboardDocument = graphql(`
  query Dashboard($period: PeriodInput!, $filter: AnalyticsFilter, $granularity: Granularity) {
    dashboard(period: $period, filter: $filter, granularity: $granularity) {
      from to stale digitalShare
      current { ...Figures }
      previous { ...Figures }
      yearBefore { ...Figures }
      receivedChange receivedYearChange incidentsYearChange firstCallYearChange
      volumes { start end received previous change yearBefore yearChange }
      topSpheres { id name { kk ru en } received share yearBefore yearChange }
      topCategories { id name { kk ru en } received share yearBefore yearChange }
      channels { channel received share digital }
    }
  }
`);

export const ExecutionDocument = graphql(`
  query Execution($period: PeriodInput!, $filter: AnalyticsFilter, $kinds: [OrgKind!]) {
    execution(period: $period, filter: $filter, kinds: $kinds) {
      organizationId kind name { kk ru en }
      figures { ...Figures }
    }
  }
`);

export const InboxDocument = graphql(`
  query SupervisorInbox($onlyNew: Boolean, $before: ID, $first: Int) {
    supervisorInbox(onlyNew: $onlyNew, before: $before, first: $first) {
      hasMore unacknowledged
      alerts { id at kind appealId number dueAt organizationId organizationName { kk ru en } linked acknowledgedAt }
    }
  }
`);

export const AcknowledgeDocument = graphql(`
  mutation AcknowledgeAlerts($ids: [ID!]) {
    acknowledgeAlerts(ids: $ids)
  }
`);

/** The catalog's levels for the filter: spheres with their categories. */
export const CatalogTreeDocument = graphql(`
  query AnalyticsCatalog {
    spheres { id names { kk ru en } categories { id names { kk ru en } } }
  }
`);

export const CategoryServicesDocument = graphql(`
  query AnalyticsServices($categoryId: ID!) {
    serviceTypes(categoryId: $categoryId, page: { first: 200 }) { nodes { id names { kk ru en } } }
  }
`);

export const OrganizationNameDocument = graphql(`
  query AnalyticsOrganization($id: ID!) {
    organization(id: $id) { id kind names { kk ru en } }
  }
`);

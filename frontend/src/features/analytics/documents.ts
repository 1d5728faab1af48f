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

export const HotspotsDocument = graphql(`
  query Hotspots($period: PeriodInput!, $filter: AnalyticsFilter, $level: HotspotLevel, $cellMeters: Int, $limit: Int) {
    hotspots(period: $period, filter: $filter, level: $level, cellMeters: $cellMeters, limit: $limit) {
      key label buildingId lat lon appeals buildings
    }
  }
`);

export const ChronicDocument = graphql(`
  query ChronicAddresses($filter: AnalyticsFilter, $asOf: NaiveDate, $quarters: Int, $minQuarters: Int, $limit: Int) {
    chronicAddresses(filter: $filter, asOf: $asOf, quarters: $quarters, minQuarters: $minQuarters, limit: $limit) {
      buildingId address lat lon managingOrgId categoryId category { kk ru en }
      quarters { from to appeals } quartersHit total
    }
  }
`);

export const ReadinessDocument = graphql(`
  query ReadinessList($filter: AnalyticsFilter, $seasons: SeasonsInput!, $limit: Int) {
    readinessList(filter: $filter, seasons: $seasons, limit: $limit) {
      buildingId address district organizationId organizationName { kk ru en }
      seasons { season appeals } total
    }
  }
`);

export const SendReadinessDocument = graphql(`
  mutation SendReadinessList($title: String!, $filter: AnalyticsFilter, $seasons: SeasonsInput!) {
    sendReadinessList(title: $title, filter: $filter, seasons: $seasons)
  }
`);

export const CaseFieldsFragment = graphql(`
  fragment CaseFields on SystemicCase {
    id organizationId organizationName { kk ru en } title reason status authority deadline overdue
    report reportedAt outcome outcomeComment openedAt closedAt
  }
`);

export const SystemicCasesDocument = graphql(`
  query SystemicCases($openOnly: Boolean, $organizationId: ID) {
    systemicCases(openOnly: $openOnly, organizationId: $organizationId) { ...CaseFields }
  }
`);

export const SystemicCaseDocument = graphql(`
  query SystemicCase($id: ID!) {
    systemicCase(id: $id) {
      case { ...CaseFields }
      appeals { id number status }
      timeline { at actor kind comment }
    }
  }
`);

export const CaseSuggestionsDocument = graphql(`
  query CaseSuggestions($period: PeriodInput!) {
    caseSuggestions(period: $period) {
      organizationId name { kk ru en } overdueShare overdueCrossed reopenCrossed
      figures { received openOverdue resolvedLate reopened reopenRate }
    }
  }
`);

export const IneffectiveDocument = graphql(`
  query IneffectiveOrganizations($period: PeriodInput!) {
    ineffectiveOrganizations(period: $period) { ...CaseFields }
  }
`);

export const OpenCaseDocument = graphql(`
  mutation OpenSystemicCase($input: OpenCaseInput!) {
    openSystemicCase(input: $input) { id }
  }
`);

export const SetCaseDeadlineDocument = graphql(`
  mutation SetCaseDeadline($id: ID!, $authority: String!, $deadline: NaiveDate!, $reason: String) {
    setCaseDeadline(id: $id, authority: $authority, deadline: $deadline, reason: $reason) { id }
  }
`);

export const RecordCaseReportDocument = graphql(`
  mutation RecordCaseReport($id: ID!, $report: String!) {
    recordCaseReport(id: $id, report: $report) { id }
  }
`);

export const CloseCaseDocument = graphql(`
  mutation CloseSystemicCase($id: ID!, $outcome: CaseOutcome!, $comment: String!) {
    closeSystemicCase(id: $id, outcome: $outcome, comment: $comment) { id }
  }
`);

export const AttachCaseAppealsDocument = graphql(`
  mutation AttachCaseAppeals($id: ID!, $appealIds: [ID!]!) {
    attachCaseAppeals(id: $id, appealIds: $appealIds) { id }
  }
`);

/** The appeals behind a suggestion's figures: an organization's, of the period, by a flag. */
export const CaseAppealIdsDocument = graphql(`
  query CaseAppealIds($filter: AppealFilter!) {
    appeals(filter: $filter, page: { first: 200 }) { nodes { id } }
  }
`);

/** Appeals found by their number (the queue's search), to attach to a case. */
export const AppealsByNumberDocument = graphql(`
  query AppealsByNumber($filter: AppealFilter!) {
    appeals(filter: $filter, page: { first: 10 }) { nodes { id number } }
  }
`);

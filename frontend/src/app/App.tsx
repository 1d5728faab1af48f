// Routes. A city's pages live under /t/<slug>/ (its API is /t/<slug>/graphql): the public portal
// at the root, the staff console under staff/. The platform's administration is /platform. Each
// shell is here; each screen comes from its feature (`src/features/<name>/`).
import { lazy, Suspense, type ComponentType } from "react";
import { BrowserRouter, Navigate, Outlet, Route, Routes, useParams } from "react-router";

import { TenantProvider } from "../tenant/tenant";
import { Landing } from "./Landing";
import { PlatformShell } from "./PlatformShell";
import { PortalShell } from "./PortalShell";
import { StaffHome, StaffShell } from "./StaffShell";

/** A screen loaded when first opened: residents never download the staff console. */
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): ComponentType {
  const Lazy = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return function Screen() {
    return (
      <Suspense fallback={<p className="muted">…</p>}>
        <Lazy />
      </Suspense>
    );
  };
}

const Platform = screen(() => import("../features/platform/Platform"), "Platform");
const PortalHome = screen(() => import("./PortalHome"), "PortalHome");
const SubmitPage = screen(() => import("../features/appeals/Submit"), "SubmitPage");
const TrackPage = screen(() => import("../features/appeals/Track"), "TrackPage");
const RatingPage = screen(() => import("../features/rating/Rating"), "RatingPage");
const WorksPage = screen(() => import("../features/works/Works"), "WorksPage");
const PermitsPage = screen(() => import("../features/works/Permits"), "PermitsPage");
const Queue = screen(() => import("../features/appeals/Queue"), "Queue");
const Intake = screen(() => import("../features/appeals/Intake"), "Intake");
const AppealPage = screen(() => import("../features/appeals/AppealPage"), "AppealPage");
const Callbacks = screen(() => import("../features/appeals/Callbacks"), "Callbacks");
const Supervisor = screen(() => import("../features/appeals/Supervisor"), "Supervisor");
const Outages = screen(() => import("../features/appeals/Outages"), "Outages");
const PermitRegistry = screen(() => import("../features/works/PermitRegistry"), "PermitRegistry");
const Votes = screen(() => import("../features/rating/Votes"), "Votes");
const WorksRegistry = screen(() => import("../features/works/WorksRegistry"), "WorksRegistry");
const Organizations = screen(() => import("../features/orgs/Organizations"), "Organizations");
const Buildings = screen(() => import("../features/buildings/Buildings"), "Buildings");
const Catalog = screen(() => import("../features/catalog/Catalog"), "Catalog");
const Users = screen(() => import("../features/auth/Users"), "Users");
const Settings = screen(() => import("./CitySettings"), "CitySettings");
const AuditLog = screen(() => import("../features/platform/AuditLog"), "AuditLog");
const Dashboard = screen(() => import("../features/analytics/Dashboard"), "Dashboard");
const Execution = screen(() => import("../features/analytics/Execution"), "Execution");
const Inbox = screen(() => import("../features/analytics/Inbox"), "Inbox");
const Hotspots = screen(() => import("../features/analytics/Hotspots"), "Hotspots");
const Readiness = screen(() => import("../features/analytics/Readiness"), "Readiness");
const Reports = screen(() => import("../features/analytics/Reports"), "Reports");
const Cases = screen(() => import("../features/analytics/Cases"), "Cases");
const CasePage = screen(() => import("../features/analytics/CasePage"), "CasePage");

function City() {
  const { slug = "" } = useParams();
  return (
    <TenantProvider slug={slug}>
      <Outlet />
    </TenantProvider>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/" element={<Landing />} />
        <Route path="/platform" element={<PlatformShell />}>
          <Route index element={<Platform />} />
        </Route>
        <Route path="/t/:slug" element={<City />}>
          <Route element={<PortalShell />}>
            <Route index element={<PortalHome />} />
            <Route path="submit" element={<SubmitPage />} />
            <Route path="track" element={<TrackPage />} />
            <Route path="rating" element={<RatingPage />} />
            <Route path="works" element={<WorksPage />} />
            <Route path="permits" element={<PermitsPage />} />
          </Route>
          <Route path="staff" element={<StaffShell />}>
            <Route index element={<StaffHome />} />
            <Route path="queue" element={<Queue />} />
            <Route path="intake" element={<Intake />} />
            <Route path="appeals/:id" element={<AppealPage />} />
            <Route path="callbacks" element={<Callbacks />} />
            <Route path="supervisor" element={<Supervisor />} />
            <Route path="outages" element={<Outages />} />
            <Route path="analytics" element={<Dashboard />} />
            <Route path="analytics/execution" element={<Execution />} />
            <Route path="analytics/hotspots" element={<Hotspots />} />
            <Route path="analytics/readiness" element={<Readiness />} />
            <Route path="analytics/reports" element={<Reports />} />
            <Route path="analytics/cases" element={<Cases />} />
            <Route path="analytics/cases/:id" element={<CasePage />} />
            <Route path="inbox" element={<Inbox />} />
            <Route path="permits" element={<PermitRegistry />} />
            <Route path="votes" element={<Votes />} />
            <Route path="admin/works" element={<WorksRegistry />} />
            <Route path="admin/organizations" element={<Organizations />} />
            <Route path="admin/buildings" element={<Buildings />} />
            <Route path="admin/catalog" element={<Catalog />} />
            <Route path="admin/users" element={<Users />} />
            <Route path="admin/settings" element={<Settings />} />
            <Route path="admin/audit" element={<AuditLog />} />
          </Route>
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </BrowserRouter>
  );
}

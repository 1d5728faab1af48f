// Routes. A city's pages live under /t/<slug>/ (its API is /t/<slug>/graphql): the public portal
// at the root, the staff console under staff/. The platform's administration is /platform.
import { lazy, Suspense, type ComponentType } from "react";
import { BrowserRouter, Navigate, Outlet, Route, Routes, useParams } from "react-router";

import { PortalShell } from "../portal/PortalShell";
import { StaffHome, StaffShell } from "../staff/StaffShell";
import { TenantProvider } from "../tenant/tenant";
import { Landing } from "./Landing";

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

const Platform = screen(() => import("../platform/Platform"), "Platform");
const PortalHome = screen(() => import("../portal/Home"), "PortalHome");
const SubmitPage = screen(() => import("../portal/Submit"), "SubmitPage");
const TrackPage = screen(() => import("../portal/Track"), "TrackPage");
const RatingPage = screen(() => import("../portal/Rating"), "RatingPage");
const WorksPage = screen(() => import("../portal/Works"), "WorksPage");
const PermitsPage = screen(() => import("../portal/Permits"), "PermitsPage");
const Queue = screen(() => import("../console/Queue"), "Queue");
const Intake = screen(() => import("../console/Intake"), "Intake");
const AppealPage = screen(() => import("../console/AppealPage"), "AppealPage");
const Callbacks = screen(() => import("../console/Callbacks"), "Callbacks");
const Supervisor = screen(() => import("../supervisor/Supervisor"), "Supervisor");
const Outages = screen(() => import("../registries/Outages"), "Outages");
const PermitRegistry = screen(() => import("../registries/PermitRegistry"), "PermitRegistry");
const Votes = screen(() => import("../registries/Votes"), "Votes");
const WorksRegistry = screen(() => import("../registries/WorksRegistry"), "WorksRegistry");
const Organizations = screen(() => import("../admin/Organizations"), "Organizations");
const Buildings = screen(() => import("../admin/Buildings"), "Buildings");
const Catalog = screen(() => import("../admin/Catalog"), "Catalog");
const Users = screen(() => import("../admin/Users"), "Users");
const Settings = screen(() => import("../admin/Settings"), "Settings");
const AuditLog = screen(() => import("../admin/AuditLog"), "AuditLog");

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
        <Route path="/platform" element={<Platform />} />
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

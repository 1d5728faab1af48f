// Routes. A city's pages live under /t/<slug>/ (its API is /t/<slug>/graphql): the public portal
// at the root, the staff console under staff/. The platform's administration is /platform.
import { BrowserRouter, Navigate, Outlet, Route, Routes, useParams } from "react-router";

import { Buildings } from "../admin/Buildings";
import { Catalog } from "../admin/Catalog";
import { Organizations } from "../admin/Organizations";
import { Settings } from "../admin/Settings";
import { Users } from "../admin/Users";
import { AppealPage } from "../console/AppealPage";
import { Callbacks } from "../console/Callbacks";
import { Intake } from "../console/Intake";
import { Queue } from "../console/Queue";
import { Platform } from "../platform/Platform";
import { PermitsPage } from "../portal/Permits";
import { Outages } from "../registries/Outages";
import { PermitRegistry } from "../registries/PermitRegistry";
import { Votes } from "../registries/Votes";
import { WorksRegistry } from "../registries/WorksRegistry";
import { PortalHome } from "../portal/Home";
import { PortalShell } from "../portal/PortalShell";
import { RatingPage } from "../portal/Rating";
import { SubmitPage } from "../portal/Submit";
import { TrackPage } from "../portal/Track";
import { WorksPage } from "../portal/Works";
import { StaffHome, StaffShell } from "../staff/StaffShell";
import { Supervisor } from "../supervisor/Supervisor";
import { TenantProvider } from "../tenant/tenant";
import { Landing } from "./Landing";

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
          </Route>
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </BrowserRouter>
  );
}

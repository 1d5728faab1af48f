// The city's map, loaded when a screen shows one: Leaflet and its styles come in their own chunk
// (`LeafletMap`), never with the page that first opens. Until it arrives, a box of the map's size
// keeps the place.
import { lazy, Suspense } from "react";

import type { MapProps } from "./LeafletMap";

export type { FeatureStyle, MapFeatures, MapProps } from "./LeafletMap";

const LeafletMap = lazy(async () => ({ default: (await import("./LeafletMap")).LeafletMap }));

export function MapView(props: MapProps) {
  return (
    <Suspense fallback={<div className="map map-plain" style={{ height: props.height ?? 320 }} aria-busy="true" data-testid="map-loading" />}>
      <LeafletMap {...props} />
    </Suspense>
  );
}

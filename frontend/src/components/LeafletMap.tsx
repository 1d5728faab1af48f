// A Leaflet map of the city: the tenant's tile server when it has one (none: a plain background,
// so maps work offline), GeoJSON layers, and an optional point picker. Loaded only with a map
// shown (`MapView`), with Leaflet and its styles.
import "leaflet/dist/leaflet.css";

import L from "leaflet";
import { useEffect, useRef } from "react";

import { useTenant } from "../tenant/tenant";

/** How one feature is drawn, beyond its color (a heat layer sizes and fills each its own way). */
export interface FeatureStyle {
  color?: string;
  fillColor?: string;
  fillOpacity?: number;
  weight?: number;
  /** A point's circle, in pixels. */
  radius?: number;
}

export interface MapFeatures {
  /** A GeoJSON FeatureCollection. */
  data: GeoJSON.FeatureCollection;
  color?: (feature: GeoJSON.Feature) => string;
  /** The drawing of each feature; wins over `color`. */
  style?: (feature: GeoJSON.Feature) => FeatureStyle;
  popup?: (feature: GeoJSON.Feature) => string;
}

export interface MapProps {
  layers?: MapFeatures[];
  /** The picked point, shown as a marker. */
  point?: { lat: number; lon: number } | null;
  onPick?: (point: { lat: number; lon: number }) => void;
  height?: number;
  label: string;
  /** Zoom to the layers' features whenever they move (one point: a close view of it). */
  fit?: boolean;
  /** The closest view `fit` zooms to (16 by default: a building). */
  fitMaxZoom?: number;
}

/** `text` with the characters HTML gives meaning to written as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

export function LeafletMap({ layers = [], point, onPick, height = 320, label, fit = false, fitMaxZoom = 16 }: MapProps) {
  const tenant = useTenant();
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const drawn = useRef<L.LayerGroup | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  // The extent last zoomed to: a refresh that moves nothing leaves the user's own view alone.
  const fitted = useRef("");
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, { zoomControl: true, attributionControl: true }).setView(
      [tenant.mapLat, tenant.mapLon],
      tenant.mapZoom,
    );
    const { tileUrl, tileAttribution } = tenant.branding;
    // Leaflet inserts an attribution as HTML: the city's text goes in escaped, as text.
    if (tileUrl) L.tileLayer(tileUrl, { attribution: escapeHtml(tileAttribution), maxZoom: 19 }).addTo(created);
    created.on("click", (e: L.LeafletMouseEvent) => {
      pick.current?.({ lat: Number(e.latlng.lat.toFixed(6)), lon: Number(e.latlng.lng.toFixed(6)) });
    });
    drawn.current = L.layerGroup().addTo(created);
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
      fitted.current = "";
    };
  }, [tenant]);

  useEffect(() => {
    const group = drawn.current;
    if (!group) return;
    group.clearLayers();
    const extent = L.latLngBounds([]);
    for (const layer of layers) {
      const drawnLayer = L.geoJSON(layer.data, {
        style: (f) => ({ color: f && layer.color ? layer.color(f) : "var(--brand)", weight: 5, ...(f && layer.style ? layer.style(f) : {}) }),
        pointToLayer: (f, at) =>
          L.circleMarker(at, { radius: 8, color: layer.color ? layer.color(f) : "#1d5fa8", fillOpacity: 0.7, ...layer.style?.(f) }),
        onEachFeature: (f, l) => {
          // As text, never as HTML: addresses and descriptions come from residents.
          if (layer.popup) {
            const text = document.createElement("div");
            text.textContent = layer.popup(f);
            l.bindPopup(text);
          }
        },
      }).addTo(group);
      const bounds = drawnLayer.getBounds();
      if (bounds.isValid()) extent.extend(bounds);
    }
    const current = map.current;
    if (!fit || !current || !extent.isValid()) return;
    const key = extent.toBBoxString();
    if (key === fitted.current) return;
    fitted.current = key;
    current.fitBounds(extent, { padding: [24, 24], maxZoom: fitMaxZoom, animate: false });
  }, [layers, fit, fitMaxZoom]);

  useEffect(() => {
    const current = map.current;
    if (!current) return;
    marker.current?.remove();
    marker.current = point
      ? L.circleMarker([point.lat, point.lon], { radius: 9, color: "#c0392b", fillOpacity: 0.9 }).addTo(current)
      : null;
  }, [point]);

  return (
    <div
      ref={element}
      className={`map${tenant.branding.tileUrl ? "" : " map-plain"}`}
      style={{ height }}
      role="application"
      aria-label={label}
      data-testid="map"
    />
  );
}

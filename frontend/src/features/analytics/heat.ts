// The hotspots map's heat layer: each hotspot a colored square (a map cell) or circle (a
// building, a street's center), its color and size growing with its appeals, on a scale of five
// steps a legend explains. Pure: the map draws the GeoJSON made here.

/** From few appeals to many: pale yellow to dark red, each readable against the map. */
export const HEAT_COLORS = ["#fed976", "#feb24c", "#fd8d3c", "#e31a1c", "#800026"] as const;

export interface HeatStep {
  color: string;
  /** The appeals a hotspot has at least to take this step. */
  from: number;
  /** At most (inclusive). */
  to: number;
}

/**
 * The scale's steps for counts up to `max`: five equal parts of the range (fewer when the
 * counts are small, so that no step is empty of meaning: with a maximum of 3, three steps).
 */
export function heatSteps(max: number): HeatStep[] {
  const top = Math.max(1, Math.floor(max));
  const count = Math.min(HEAT_COLORS.length, top);
  const steps: HeatStep[] = [];
  let from = 1;
  for (let i = 0; i < count; i++) {
    const to = i === count - 1 ? top : Math.max(from, Math.round((top * (i + 1)) / count));
    // The colors run to the darkest for the top step whatever the count of steps.
    const color = HEAT_COLORS[count === 1 ? HEAT_COLORS.length - 1 : Math.round((i * (HEAT_COLORS.length - 1)) / (count - 1))];
    steps.push({ color, from, to });
    from = to + 1;
  }
  return steps;
}

/** The step of a count. */
export function heatColor(appeals: number, steps: HeatStep[]): string {
  for (const step of steps) if (appeals <= step.to) return step.color;
  return steps[steps.length - 1]?.color ?? HEAT_COLORS[0];
}

/** A circle's radius in pixels: by the square root of the count, so its area follows the count. */
export function heatRadius(appeals: number, max: number, min = 6, maxRadius = 22): number {
  if (max <= 0 || appeals <= 0) return min;
  return Math.round(min + (maxRadius - min) * Math.sqrt(Math.min(appeals, max) / max));
}

const METERS_PER_DEGREE = 111_320;

/** A square `meters` wide centred on a point, as a GeoJSON ring (longitude first). */
export function cellSquare(lat: number, lon: number, meters: number): GeoJSON.Position[] {
  const dLat = meters / 2 / METERS_PER_DEGREE;
  const dLon = meters / 2 / (METERS_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return [
    [lon - dLon, lat - dLat],
    [lon + dLon, lat - dLat],
    [lon + dLon, lat + dLat],
    [lon - dLon, lat + dLat],
    [lon - dLon, lat - dLat],
  ];
}

export interface HeatPoint {
  key: string;
  label?: string | null;
  lat: number;
  lon: number;
  appeals: number;
  buildings: number;
}

/**
 * Hotspots as GeoJSON: cells as squares `cellMeters` wide, anything else as points (the map
 * draws them as circles). Each feature carries its color, radius and count.
 */
export function heatFeatures(spots: readonly HeatPoint[], asCells: boolean, cellMeters: number): { data: GeoJSON.FeatureCollection; steps: HeatStep[] } {
  const max = Math.max(0, ...spots.map((s) => s.appeals));
  const steps = heatSteps(max);
  const features: GeoJSON.Feature[] = spots
    .filter((s) => Number.isFinite(s.lat) && Number.isFinite(s.lon))
    .map((s) => ({
      type: "Feature",
      id: s.key,
      properties: {
        key: s.key,
        label: s.label ?? null,
        appeals: s.appeals,
        buildings: s.buildings,
        color: heatColor(s.appeals, steps),
        radius: heatRadius(s.appeals, max),
      },
      geometry: asCells
        ? { type: "Polygon", coordinates: [cellSquare(s.lat, s.lon, cellMeters)] }
        : { type: "Point", coordinates: [s.lon, s.lat] },
    }));
  return { data: { type: "FeatureCollection", features }, steps };
}

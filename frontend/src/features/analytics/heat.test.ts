import { describe, expect, it } from "vitest";

import { cellSquare, HEAT_COLORS, heatColor, heatFeatures, heatRadius, heatSteps } from "./heat";

describe("the heat layer", () => {
  it("splits the counts into five steps, fewer when the counts are small", () => {
    expect(heatSteps(100).map((s) => [s.from, s.to])).toEqual([
      [1, 20],
      [21, 40],
      [41, 60],
      [61, 80],
      [81, 100],
    ]);
    expect(heatSteps(100).map((s) => s.color)).toEqual([...HEAT_COLORS]);
    const small = heatSteps(3);
    expect(small.map((s) => [s.from, s.to])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    // The top count is always the darkest.
    expect(small[2].color).toBe(HEAT_COLORS[4]);
    expect(heatSteps(0)).toEqual([{ color: HEAT_COLORS[4], from: 1, to: 1 }]);
    // Every count from 1 to the top has its step, and the steps do not overlap.
    for (const max of [1, 2, 4, 7, 11, 57]) {
      const steps = heatSteps(max);
      expect(steps[0].from).toBe(1);
      expect(steps[steps.length - 1].to).toBe(max);
      for (let i = 1; i < steps.length; i++) expect(steps[i].from).toBe(steps[i - 1].to + 1);
    }
  });

  it("colors and sizes a hotspot by its count", () => {
    const steps = heatSteps(50);
    expect(heatColor(1, steps)).toBe(HEAT_COLORS[0]);
    expect(heatColor(50, steps)).toBe(HEAT_COLORS[4]);
    expect(heatRadius(50, 50)).toBe(22);
    expect(heatRadius(0, 50)).toBe(6);
    expect(heatRadius(25, 50)).toBeGreaterThan(heatRadius(5, 50));
  });

  it("draws a cell as a square of its width", () => {
    const ring = cellSquare(51.13, 71.43, 500);
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    const height = (ring[2][1] - ring[0][1]) * 111_320;
    const width = (ring[2][0] - ring[0][0]) * 111_320 * Math.cos((51.13 * Math.PI) / 180);
    expect(height).toBeCloseTo(500, 3);
    expect(width).toBeCloseTo(500, 3);
  });

  it("makes squares for cells and points for the rest", () => {
    const spots = [
      { key: "cell:1:2", lat: 51.1, lon: 71.4, appeals: 4, buildings: 2 },
      { key: "cell:1:3", lat: 51.1, lon: 71.41, appeals: 1, buildings: 1 },
    ];
    const cells = heatFeatures(spots, true, 250);
    expect(cells.data.features.map((f) => f.geometry.type)).toEqual(["Polygon", "Polygon"]);
    expect(cells.data.features[0].properties).toMatchObject({ appeals: 4, color: HEAT_COLORS[4] });
    const points = heatFeatures(spots, false, 250);
    expect(points.data.features[0].geometry).toEqual({ type: "Point", coordinates: [71.4, 51.1] });
    expect(heatFeatures([], true, 500).data.features).toEqual([]);
  });
});

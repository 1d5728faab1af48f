//! A city's look on its public portal and consoles: the brand color and the map tiles. Kept in
//! the city's `settings` table (keys `brand_color`, `map_tile_url`, `map_tile_attribution`), set
//! from the manifest at onboarding and changed by the city admin.

use sea_orm::ConnectionTrait;
use serde::Deserialize;

use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::tenancy::settings;

pub const DEFAULT_COLOR: &str = "#1d5fa8";

/// The contrast text must reach on the brand colour (WCAG 2 AA for normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// The best contrast white (`#ffffff`) or near-black (`#111111`) text reaches on `#rrggbb`.
pub fn readable_contrast(hex: &str) -> f64 {
    let luminance = |hex: &str| -> f64 {
        let channel = |i: usize| {
            let v = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let ratio = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
    let colour = luminance(hex);
    ratio(colour, luminance("#ffffff")).max(ratio(colour, luminance("#111111")))
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// The brand color, `#rrggbb`.
    #[serde(default = "default_color")]
    pub color: String,
    /// A tile server template with `{z}`, `{x}` and `{y}`; empty: maps draw without tiles.
    #[serde(default)]
    pub tile_url: String,
    /// The attribution the tile server requires.
    #[serde(default)]
    pub tile_attribution: String,
}

fn default_color() -> String {
    DEFAULT_COLOR.into()
}

impl Default for Branding {
    fn default() -> Self {
        Self { color: default_color(), tile_url: String::new(), tile_attribution: String::new() }
    }
}

const KEYS: [&str; 3] = ["brand_color", "map_tile_url", "map_tile_attribution"];

impl Branding {
    /// Refuses a color that is not `#rrggbb` and a tile template that is not an http(s) URL
    /// with `{z}`, `{x}` and `{y}`; returns the field at fault.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let hex = self.color.len() == 7
            && self.color.starts_with('#')
            && self.color[1..].chars().all(|c| c.is_ascii_hexdigit());
        if !hex {
            return Err(("color", format!("`{}` is not a color of the form #rrggbb", self.color)));
        }
        // Text on the brand colour (the bar, buttons) must be readable: white or near-black text
        // reaches 4.5:1 (WCAG AA) on it; the screens pick whichever does.
        let best = readable_contrast(&self.color);
        if best < MIN_CONTRAST {
            return Err((
                "color",
                format!(
                    "`{}` leaves text on it at {best:.2}:1, below {MIN_CONTRAST}:1 with white or black text: choose a darker or a lighter colour",
                    self.color
                ),
            ));
        }
        let url = self.tile_url.trim();
        if !url.is_empty() {
            let scheme = url.starts_with("https://") || url.starts_with("http://");
            let places = ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p));
            if !scheme || !places || url.len() > 500 || url.contains(char::is_whitespace) {
                return Err((
                    "tileUrl",
                    "must be an http(s) URL of at most 500 characters with {z}, {x} and {y}".into(),
                ));
            }
        }
        if self.tile_attribution.chars().count() > 300 {
            return Err(("tileAttribution", "must be at most 300 characters".into()));
        }
        Ok(())
    }

    pub async fn load(conn: &impl ConnectionTrait) -> Result<Self, sea_orm::DbErr> {
        let mut branding = Self::default();
        for (key, value) in settings::all(conn).await? {
            match key.as_str() {
                "brand_color" => branding.color = value,
                "map_tile_url" => branding.tile_url = value,
                "map_tile_attribution" => branding.tile_attribution = value,
                _ => {}
            }
        }
        Ok(branding)
    }

    /// Writes the three settings (within the caller's transaction).
    pub async fn store(&self, conn: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
        let values = [&self.color, &self.tile_url, &self.tile_attribution];
        for (key, value) in KEYS.iter().zip(values) {
            settings::put(conn, key, value.trim()).await?;
        }
        Ok(())
    }
}

/// The city's branding; public, as every visitor of the portal sees it.
pub async fn get(ctx: &RequestCtx) -> AppResult<Branding> {
    let tx = ctx.tenant_tx().await?;
    Ok(Branding::load(&tx).await?)
}

/// Changes the branding (city admins), audited.
pub async fn save(ctx: &RequestCtx, mut branding: Branding) -> AppResult<Branding> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    branding.color = branding.color.trim().to_ascii_lowercase();
    branding.tile_url = branding.tile_url.trim().to_owned();
    branding.tile_attribution = branding.tile_attribution.trim().to_owned();
    branding.check().map_err(|(field, message)| AppError::validation(field, message))?;
    let tx = ctx.tenant_tx().await?;
    branding.store(&tx).await?;
    let data = serde_json::json!({ "color": branding.color, "tileUrl": branding.tile_url });
    crate::audit::record(&tx, &actor, "branding.set", "tenant", None, data).await?;
    tx.commit().await?;
    Ok(branding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brand_colour_must_leave_readable_text_on_it() {
        assert!(readable_contrast("#1d5fa8") > 6.4);
        assert!(readable_contrast("#ffffff") > 18.0, "dark text on white");
        let mid = Branding { color: "#c25b12".into(), ..Branding::default() };
        assert_eq!(mid.check().map_err(|(field, _)| field), Err("color"), "4.38:1 at best");
        for launch in ["#0067b1", "#1b7f4c", "#b05210"] {
            let ok = Branding { color: launch.into(), ..Branding::default() };
            assert!(ok.check().is_ok(), "{launch}");
        }
    }

    #[test]
    fn colors_and_tile_templates_are_checked() {
        assert!(Branding::default().check().is_ok());
        let with =
            |color: &str, url: &str| Branding { color: color.into(), tile_url: url.into(), ..Default::default() };
        assert_eq!(with("blue", "").check().err().map(|e| e.0), Some("color"));
        assert_eq!(with("#12345g", "").check().err().map(|e| e.0), Some("color"));
        assert!(with("#A0b1C2", "https://tiles.example.kz/{z}/{x}/{y}.png").check().is_ok());
        assert_eq!(with("#a0b1c2", "https://tiles.example.kz/{z}/{x}.png").check().err().map(|e| e.0), Some("tileUrl"));
        assert_eq!(with("#a0b1c2", "javascript:{z}{x}{y}").check().err().map(|e| e.0), Some("tileUrl"));
    }
}

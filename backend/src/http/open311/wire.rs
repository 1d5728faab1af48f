//! What GeoReport v2 looks like on the wire: JSON or XML chosen by the path's extension, the
//! element names of the spec, and errors as `[{code, description}]` (`<errors><error>`).

use actix_web::HttpResponse;
use serde_json::{json, Value};

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// Splits `services/033.xml` into `services/033` and its format; none for another extension.
pub fn split(path: &str) -> Option<(&str, Format)> {
    let (resource, extension) = path.rsplit_once('.')?;
    let format = match extension.to_ascii_lowercase().as_str() {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((resource, format))
}

/// A 200 answer: `root` names the XML document, `item` each element of a top-level array.
pub fn ok(format: Format, root: &str, item: &str, body: &Value) -> HttpResponse {
    match format {
        Format::Json => HttpResponse::Ok().content_type("application/json; charset=utf-8").json(body),
        Format::Xml => HttpResponse::Ok().content_type("text/xml; charset=utf-8").body(document(root, item, body)),
    }
}

/// An error in the spec's shape and the requested format, with the matching HTTP status.
pub fn error(format: Format, error: &AppError) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(error.http_status())
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    let body = json!([{ "code": status.as_u16(), "description": error.public_message() }]);
    let mut response = HttpResponse::build(status);
    if let AppError::RateLimited { retry_after_secs } = error {
        response.insert_header(("retry-after", retry_after_secs.to_string()));
    }
    match format {
        Format::Json => response.content_type("application/json; charset=utf-8").json(body),
        Format::Xml => response.content_type("text/xml; charset=utf-8").body(document("errors", "error", &body)),
    }
}

fn document(root: &str, item: &str, body: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    match body {
        Value::Array(items) => {
            out.push_str(&format!("<{root}>"));
            for v in items {
                element(&mut out, item, v);
            }
            out.push_str(&format!("</{root}>"));
        }
        other => element(&mut out, root, other),
    }
    out
}

/// The element name of one item of a list element (`attributes` holds `attribute`s).
fn singular(name: &str) -> &str {
    name.strip_suffix('s').unwrap_or(name)
}

fn element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::Array(items) => {
            out.push_str(&format!("<{name}>"));
            for v in items {
                element(out, singular(name), v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Object(fields) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in fields {
                element(out, k, v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(text) => out.push_str(&format!("<{name}>{}</{name}>", escape(text))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_follows_the_spec_names_and_escapes_text() {
        let body = json!([{ "service_code": "a&b", "metadata": true, "values": [{ "key": "1" }], "group": null }]);
        let xml = document("services", "service", &body);
        assert!(xml.ends_with(
            "<services><service><service_code>a&amp;b</service_code><metadata>true</metadata>\
             <values><value><key>1</key></value></values><group/></service></services>"
        ));
        assert_eq!(split("services/033.XML"), Some(("services/033", Format::Xml)));
        assert_eq!(split("requests.csv"), None);
    }
}

//! Which tenant a request is for: the path prefix `/t/<slug>/`, the `X-Tenant` header, or the host
//! (`<slug>.<base_domain>` or a tenant's own domain). When several are present they must agree.

/// A request's tenant indications, before looking them up.
#[derive(Debug, Default)]
pub struct Indications<'a> {
    pub path_slug: Option<&'a str>,
    pub header: Option<&'a str>,
    pub host: Option<&'a str>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Named {
    /// No tenant named: the platform scope.
    Platform,
    Slug(String),
    /// The host is not under the base domain: it may be a tenant's own domain.
    Domain(String),
}

#[derive(Debug, PartialEq, Eq)]
pub struct Disagreement(pub String);

/// Reduces the indications to one name, or refuses when two disagree.
pub fn name_tenant(ind: &Indications, base_domain: &str) -> Result<Named, Disagreement> {
    let host = ind.host.map(|h| strip_port(h).to_ascii_lowercase());
    let from_host = host.as_deref().and_then(|host| host_slug(host, base_domain));
    let explicit: Vec<(&str, String)> = [
        ind.path_slug.map(|s| ("path", s.to_ascii_lowercase())),
        ind.header.map(|s| ("X-Tenant header", s.trim().to_ascii_lowercase())),
        from_host.clone().map(|s| ("host", s)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some((first_source, first)) = explicit.first() {
        for (source, other) in &explicit[1..] {
            if other != first {
                return Err(Disagreement(format!(
                    "the tenant from the {first_source} (`{first}`) and from the {source} (`{other}`) disagree"
                )));
            }
        }
        return Ok(Named::Slug(first.clone()));
    }
    match host {
        Some(host) if !is_platform_host(&host, base_domain) => Ok(Named::Domain(host)),
        _ => Ok(Named::Platform),
    }
}

/// The request's host when it is neither the platform's nor under the base domain: possibly a
/// tenant's own domain, which must then agree with any other indication.
pub fn custom_domain(host: Option<&str>, base_domain: &str) -> Option<String> {
    let host = strip_port(host?).to_ascii_lowercase();
    (host_slug(&host, base_domain).is_none() && !is_platform_host(&host, base_domain)).then_some(host)
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map(|end| &host[..=end]).unwrap_or(host);
    }
    host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host)
}

fn host_slug(host: &str, base_domain: &str) -> Option<String> {
    let prefix = host.strip_suffix(base_domain)?.strip_suffix('.')?;
    (!prefix.is_empty() && !prefix.contains('.') && prefix != "www").then(|| prefix.to_owned())
}

/// The base domain itself, `www.` of it, loopback and bare addresses serve the platform scope.
fn is_platform_host(host: &str, base_domain: &str) -> bool {
    host == base_domain
        || host.strip_prefix("www.") == Some(base_domain)
        || host == "localhost"
        || host.parse::<std::net::IpAddr>().is_ok()
        || host.starts_with('[')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(path: Option<&str>, header: Option<&str>, host: Option<&str>) -> Result<Named, Disagreement> {
        name_tenant(&Indications { path_slug: path, header, host }, "qala.kz")
    }

    #[test]
    fn each_indication_names_the_tenant() {
        assert_eq!(name(Some("astana"), None, Some("127.0.0.1:8080")), Ok(Named::Slug("astana".into())));
        assert_eq!(name(None, Some("Taraz"), Some("localhost")), Ok(Named::Slug("taraz".into())));
        assert_eq!(name(None, None, Some("astana.qala.kz:443")), Ok(Named::Slug("astana".into())));
    }

    #[test]
    fn no_indication_is_the_platform_and_an_unknown_host_may_be_a_custom_domain() {
        assert_eq!(name(None, None, Some("qala.kz")), Ok(Named::Platform));
        assert_eq!(name(None, None, Some("[::1]:8080")), Ok(Named::Platform));
        assert_eq!(name(None, None, None), Ok(Named::Platform));
        assert_eq!(name(None, None, Some("ikomek109.kz")), Ok(Named::Domain("ikomek109.kz".into())));
    }

    #[test]
    fn malformed_hosts_do_not_panic() {
        for host in ["[", "[::1", ":", "", ".", "..qala.kz", "a..qala.kz"] {
            let _ = name(None, None, Some(host));
        }
        assert_eq!(name(None, None, Some("[::1]")), Ok(Named::Platform));
    }

    #[test]
    fn a_host_and_a_header_that_disagree_are_refused() {
        assert!(name(None, Some("taraz"), Some("astana.qala.kz")).is_err());
        assert!(name(Some("astana"), Some("taraz"), None).is_err());
        assert_eq!(name(Some("astana"), Some("astana"), Some("astana.qala.kz")), Ok(Named::Slug("astana".into())));
    }
}

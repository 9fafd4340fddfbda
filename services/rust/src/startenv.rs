//! The start contract's environment (spec/start-contract.md), read once; a missing or invalid
//! variable is `SCL_ERR_BAD_FLAG: <message>` naming it and its valid values.
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Env {
    pub service: String,
    pub mode: String,
    pub instance_id: String,
    pub public_port: u16,
    /// The port the app binds.
    pub private_port: u16,
    pub host: String,
    pub control_plane_url: String,
    pub data_dir: PathBuf,
    pub log_file: Option<PathBuf>,
    pub config_file: Option<PathBuf>,
    pub egress_url: Option<String>,
    pub sidecar_api_url: Option<String>,
    /// Mode none, or sidecar without egress: service -> base URL.
    pub peers: HashMap<String, String>,
    /// Enabled features; none in mode none.
    pub features: Vec<&'static str>,
    pub test_hooks: bool,
}

impl Env {
    pub fn uses(&self, feature: &str) -> bool {
        self.features.contains(&feature)
    }
}

#[derive(Debug, PartialEq)]
pub struct BadFlag(pub String);

impl fmt::Display for BadFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SCL_ERR_BAD_FLAG: {}", self.0)
    }
}

struct Vars<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Vars<'_> {
    fn optional(&self, name: &str) -> String {
        (self.0)(name).map(|v| v.trim().to_string()).unwrap_or_default()
    }

    fn required(&self, name: &str, expected: &str) -> Result<String, BadFlag> {
        let value = self.optional(name);
        if value.is_empty() {
            return Err(BadFlag(format!("{name} is required; expected {expected}")));
        }
        Ok(value)
    }

    fn one_of(&self, name: &str, valid: &[&str], fallback: &str) -> Result<String, BadFlag> {
        let mut value = self.optional(name);
        if value.is_empty() {
            value = fallback.to_string();
        }
        if valid.contains(&value.as_str()) {
            return Ok(value);
        }
        if value.is_empty() {
            return Err(BadFlag(format!("{name} is required; valid values: {}", valid.join(", "))));
        }
        Err(BadFlag(format!("{name}={value:?} is not valid; valid values: {}", valid.join(", "))))
    }

    fn port(&self, name: &str) -> Result<u16, BadFlag> {
        let raw = self.required(name, "a port, 1-65535")?;
        match raw.parse::<u16>() {
            Ok(p) if p >= 1 && raw.bytes().all(|b| b.is_ascii_digit()) => Ok(p),
            _ => Err(BadFlag(format!("{name}={raw:?} is not valid; expected a port, 1-65535"))),
        }
    }

    fn path(&self, name: &str, expected: &str) -> Result<PathBuf, BadFlag> {
        let raw = self.required(name, expected)?;
        std::path::absolute(Path::new(&raw)).map_err(|e| BadFlag(format!("{name}: {e}")))
    }

    fn url(&self, name: &str, required: bool) -> Result<Option<String>, BadFlag> {
        let raw = self.optional(name);
        if raw.is_empty() && !required {
            return Ok(None);
        }
        if !is_http_url(&raw) {
            return Err(BadFlag(format!("{name}={raw:?} is not valid; expected an http(s):// URL")));
        }
        Ok(Some(raw.trim_end_matches('/').to_string()))
    }

    fn features(&self) -> Result<Vec<&'static str>, BadFlag> {
        scl_library::feature::parse_list(&self.optional("SCL_FEATURES")).map_err(BadFlag)
    }

    fn peers(&self, required: bool) -> Result<HashMap<String, String>, BadFlag> {
        const EXPECTED: &str = "service=http://host:port pairs separated by commas";
        let raw = self.optional("SCL_PEERS");
        if required && raw.is_empty() {
            return Err(BadFlag(format!("SCL_PEERS is required; expected {EXPECTED}")));
        }
        let mut peers = HashMap::new();
        for pair in raw.split(',').filter(|p| !p.trim().is_empty()) {
            let parts: Vec<&str> = pair.split('=').collect();
            if parts.len() != 2 || parts[0].trim().is_empty() || !is_http_url(parts[1].trim()) {
                return Err(BadFlag(format!("SCL_PEERS: {pair:?} is not valid; expected {EXPECTED}")));
            }
            peers.insert(parts[0].trim().to_string(), parts[1].trim().trim_end_matches('/').to_string());
        }
        Ok(peers)
    }
}

fn is_http_url(raw: &str) -> bool {
    let rest = raw.strip_prefix("http://").or_else(|| raw.strip_prefix("https://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
}

/// Reads the environment through `lookup` (std::env::var in production).
pub fn read(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Env, BadFlag> {
    let v = Vars(lookup);
    let service = v.one_of("SCL_SERVICE", &["web", "customers", "payment"], "")?;
    let mode = v.one_of("SCL_MODE", &["none", "library", "sidecar"], "")?;
    let public_port = v.port("SCL_PUBLIC_PORT")?;
    let instance_id = v.required("SCL_INSTANCE_ID", "a unique name such as customers-1")?;
    let mut host = v.optional("SCL_HOST");
    if host.is_empty() {
        host = "127.0.0.1".into();
    }
    let test_hooks = v.one_of("SCL_TEST_HOOKS", &["0", "1"], "0")? == "1";
    let private_port =
        if v.optional("SCL_PRIVATE_PORT").is_empty() { public_port } else { v.port("SCL_PRIVATE_PORT")? };
    let data_dir = v.path("SCL_DATA_DIR", "a folder the service owns")?;
    let mut env = Env {
        service,
        mode,
        instance_id,
        public_port,
        private_port,
        host,
        control_plane_url: String::new(),
        data_dir,
        log_file: None,
        config_file: None,
        egress_url: None,
        sidecar_api_url: None,
        peers: HashMap::new(),
        features: Vec::new(),
        test_hooks,
    };
    if env.mode != "none" {
        env.features = v.features()?;
    }
    match env.mode.as_str() {
        "library" => env.control_plane_url = v.url("SCL_CONTROLPLANE_URL", true)?.unwrap_or_default(),
        "sidecar" => {
            if env.uses("logs") {
                env.log_file = Some(v.path("SCL_LOG_FILE", "a file path")?);
            }
            if env.uses("config") {
                env.config_file = Some(v.path("SCL_CONFIG_FILE", "a file path")?);
            }
            if env.uses("egress") {
                env.egress_url = v.url("SCL_EGRESS_URL", true)?;
            }
            env.sidecar_api_url = v.url("SCL_SIDECAR_API_URL", false)?;
        }
        _ => {}
    }
    if env.mode == "none" || env.mode == "sidecar" && !env.uses("egress") {
        env.peers = v.peers(env.service == "web")?;
    }
    Ok(env)
}

#[cfg(test)]
#[path = "startenv_test.rs"]
mod tests;

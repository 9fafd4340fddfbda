//! The feature settings of spec/features.json: defaults, overridden by SCL_<FEATURE>_<SETTING>
//! environment variables (spec/start-contract.md). Seconds become `Duration`s.
use crate::spec;
use regex::Regex;
use std::fmt;
use std::sync::LazyLock;
use std::time::Duration;

/// The one number grammar of spec/start-contract.md: what `f64::from_str` would also take (`inf`,
/// `NaN`, `infinity`) and the white space `str::trim` would drop (new lines, non-ASCII spaces) are refused.
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t]*$").expect("valid regex")
});

#[derive(Debug, Clone)]
pub struct Settings {
    pub logs: Logs,
    pub registry: Registry,
    pub config: Config,
    pub egress: Egress,
}

#[derive(Debug, Clone)]
pub struct Logs {
    pub batch_max_records: usize,
    pub flush_interval: Duration,
    pub queue_max_records: usize,
    pub export_timeout: Duration,
    pub retry_backoff: Duration,
    pub retry_backoff_max: Duration,
}

#[derive(Debug, Clone)]
pub struct Registry {
    pub ttl: Duration,
    pub heartbeat_interval: Duration,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub wait: Duration,
    pub retry_backoff: Duration,
}

#[derive(Debug, Clone)]
pub struct Egress {
    pub try_timeout: Duration,
    pub max_attempts: u32,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    pub retry_budget_ratio: f64,
    pub retry_budget_min_per_second: f64,
    pub retry_budget_window: Duration,
    pub circuit_failure_threshold: u32,
    pub circuit_open: Duration,
}

/// SCL_ERR_BAD_SETTING: an override that does not parse as its setting's type.
#[derive(Debug, Clone, PartialEq)]
pub struct BadSetting {
    pub variable: String,
    pub reason: String,
}

impl fmt::Display for BadSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SCL_ERR_BAD_SETTING: {} {}", self.variable, self.reason)
    }
}

impl std::error::Error for BadSetting {}

/// egress.tryTimeoutSeconds -> SCL_EGRESS_TRY_TIMEOUT_SECONDS.
pub fn env_name(key: &str) -> String {
    let mut name = String::from("SCL_");
    let mut previous_lower = false;
    for c in key.chars() {
        if c == '.' {
            name.push('_');
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            name.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        name.push(c.to_ascii_uppercase());
    }
    name
}

impl Settings {
    /// The settings of features.json without any override.
    pub fn defaults() -> Settings {
        Settings::load(|_| None).expect("the defaults of features.json are valid")
    }

    /// Reads every setting through `lookup` (the environment in production).
    pub fn load(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, BadSetting> {
        let r = Reader { lookup: &lookup };
        // Every setting of features.json is checked, the sidecar's own too (`registry.healthCheck*`): a library that
        // read only what it uses would start on a value every other implementation refuses.
        for key in spec::contract().settings.keys() {
            r.number(key)?;
        }
        Ok(Settings {
            logs: Logs {
                batch_max_records: r.integer("logs.batchMaxRecords")? as usize,
                flush_interval: r.seconds("logs.flushIntervalSeconds")?,
                queue_max_records: r.integer("logs.queueMaxRecords")? as usize,
                export_timeout: r.seconds("logs.exportTimeoutSeconds")?,
                retry_backoff: r.seconds("logs.retryBackoffSeconds")?,
                retry_backoff_max: r.seconds("logs.retryBackoffMaxSeconds")?,
            },
            registry: Registry {
                ttl: r.seconds("registry.ttlSeconds")?,
                heartbeat_interval: r.seconds("registry.heartbeatIntervalSeconds")?,
            },
            config: Config {
                wait: r.seconds("config.waitSeconds")?,
                retry_backoff: r.seconds("config.retryBackoffSeconds")?,
            },
            egress: Egress {
                try_timeout: r.seconds("egress.tryTimeoutSeconds")?,
                max_attempts: r.integer("egress.maxAttempts")? as u32,
                backoff_base: r.seconds("egress.backoffBaseSeconds")?,
                backoff_max: r.seconds("egress.backoffMaxSeconds")?,
                retry_budget_ratio: r.number("egress.retryBudgetRatio")?,
                retry_budget_min_per_second: r.number("egress.retryBudgetMinPerSecond")?,
                retry_budget_window: r.seconds("egress.retryBudgetWindowSeconds")?,
                circuit_failure_threshold: r.integer("egress.circuitFailureThreshold")? as u32,
                circuit_open: r.seconds("egress.circuitOpenSeconds")?,
            },
        })
    }
}

struct Reader<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl Reader<'_> {
    fn number(&self, key: &str) -> Result<f64, BadSetting> {
        let setting =
            spec::contract().settings.get(key).unwrap_or_else(|| panic!("settings: {key} is not in features.json"));
        let variable = env_name(key);
        let Some(raw) = (self.lookup)(&variable) else { return Ok(setting.default) };
        let bad = |reason: String| BadSetting { variable: variable.clone(), reason };
        let parsed = if DECIMAL.is_match(&raw) { raw.trim_matches([' ', '\t']).parse::<f64>().ok() } else { None };
        let Some(value) = parsed else { return Err(bad(format!("={raw:?} is not a number"))) };
        if !value.is_finite() {
            return Err(bad(format!("={raw:?} is not a number")));
        }
        if setting.kind == "integer" && value.fract() != 0.0 {
            return Err(bad(format!("={raw:?} must be an integer")));
        }
        if value < setting.min {
            return Err(bad(format!("={raw} is below its minimum {}", setting.min)));
        }
        Ok(value)
    }

    fn integer(&self, key: &str) -> Result<u64, BadSetting> {
        self.number(key).map(|v| v as u64)
    }

    fn seconds(&self, key: &str) -> Result<Duration, BadSetting> {
        self.number(key).map(Duration::from_secs_f64)
    }
}

#[cfg(test)]
#[path = "settings_test.rs"]
mod tests;

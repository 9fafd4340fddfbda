//! Unit tests of the settings: variable names, defaults, overrides and their errors.
use super::*;
use std::collections::HashMap;

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| map.get(name).cloned()
}

#[test]
fn a_key_becomes_its_variable_name() {
    assert_eq!(env_name("egress.tryTimeoutSeconds"), "SCL_EGRESS_TRY_TIMEOUT_SECONDS");
    assert_eq!(env_name("registry.ttlSeconds"), "SCL_REGISTRY_TTL_SECONDS");
}

#[test]
fn defaults_come_from_features_json() {
    let s = Settings::defaults();
    assert_eq!(s.egress.max_attempts, 3);
    assert_eq!(s.logs.flush_interval, Duration::from_millis(500));
}

#[test]
fn an_override_replaces_the_default() {
    let s = Settings::load(env(&[("SCL_REGISTRY_TTL_SECONDS", "2")])).unwrap();
    assert_eq!(s.registry.ttl, Duration::from_secs(2));
}

#[test]
fn a_bad_override_names_its_variable() {
    for (name, value) in
        [("SCL_EGRESS_MAX_ATTEMPTS", "2.5"), ("SCL_EGRESS_MAX_ATTEMPTS", "0"), ("SCL_LOGS_BATCH_MAX_RECORDS", "x")]
    {
        let err = Settings::load(env(&[(name, value)])).unwrap_err();
        assert_eq!(err.variable, name);
        assert!(err.to_string().starts_with("SCL_ERR_BAD_SETTING: "));
    }
}

#[test]
fn only_the_decimal_grammar_is_a_number() {
    for value in ["0x10", "0b1", "1_000", "\u{ff15}", "inf", "NaN", "infinity", "\n3", "3\u{a0}", "1e999", ""] {
        let err = Settings::load(env(&[("SCL_EGRESS_MAX_ATTEMPTS", value)])).unwrap_err();
        assert_eq!(err.variable, "SCL_EGRESS_MAX_ATTEMPTS", "{value:?}");
    }
    for (value, seconds) in [(" +1.5e0\t", 1.5), ("2.", 2.0), (".5", 0.5), ("\t3 ", 3.0)] {
        let s = Settings::load(env(&[("SCL_REGISTRY_TTL_SECONDS", value)])).unwrap();
        assert_eq!(s.registry.ttl, Duration::from_secs_f64(seconds), "{value:?}");
    }
}

#[test]
fn the_sidecars_own_settings_are_checked_too() {
    // Found by the differential test: a value every other implementation refuses started the rust app.
    for (name, value) in [
        ("SCL_REGISTRY_HEALTH_CHECK_INTERVAL_SECONDS", "0x0"),
        ("SCL_REGISTRY_HEALTH_CHECK_TIMEOUT_SECONDS", "-1"),
        ("SCL_CONFIG_FILE_DEBOUNCE_SECONDS", "1_000"),
    ] {
        let err = Settings::load(env(&[(name, value)])).unwrap_err();
        assert_eq!(err.variable, name, "{value:?}");
    }
}

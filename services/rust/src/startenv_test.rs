//! Unit tests of the start contract's environment.
use super::*;

fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
}

const BASE: [(&str, &str); 5] = [
    ("SCL_SERVICE", "customers"),
    ("SCL_MODE", "none"),
    ("SCL_INSTANCE_ID", "customers-1"),
    ("SCL_PUBLIC_PORT", "7101"),
    ("SCL_DATA_DIR", "/tmp/c"),
];

#[test]
fn a_valid_environment_reads() {
    let env = read(&lookup(&BASE)).unwrap();
    assert_eq!(env.private_port, 7101);
    assert_eq!(env.host, "127.0.0.1");
    assert!(env.features.is_empty());
}

#[test]
fn a_bad_variable_is_named() {
    let err = read(&lookup(&[("SCL_SERVICE", "shop")])).unwrap_err();
    assert!(err.to_string().starts_with("SCL_ERR_BAD_FLAG: SCL_SERVICE=\"shop\""), "{err}");
    let err = read(&lookup(&[
        ("SCL_SERVICE", "web"),
        ("SCL_MODE", "none"),
        ("SCL_INSTANCE_ID", "w"),
        ("SCL_PUBLIC_PORT", "70000"),
        ("SCL_DATA_DIR", "/tmp"),
    ]))
    .unwrap_err();
    assert!(err.0.contains("SCL_PUBLIC_PORT"));
}

#[test]
fn web_in_mode_none_needs_its_peers() {
    let err = read(&lookup(&[
        ("SCL_SERVICE", "web"),
        ("SCL_MODE", "none"),
        ("SCL_INSTANCE_ID", "w"),
        ("SCL_PUBLIC_PORT", "7100"),
        ("SCL_DATA_DIR", "/tmp"),
    ]))
    .unwrap_err();
    assert!(err.0.contains("SCL_PEERS"));
}

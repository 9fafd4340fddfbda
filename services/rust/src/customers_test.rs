//! Unit tests of the customer rules: white space as the OpenAPI file's patterns define it, pages.
use super::*;
use serde_json::json;

fn customer(name: &str, email: &str) -> Object {
    json!({ "name": name, "email": email }).as_object().unwrap().clone()
}

#[test]
fn a_name_of_only_ecmascript_white_space_is_blank() {
    for name in [" ", "\t\n", "\u{feff}", "\u{3000}\u{a0}"] {
        let err = validate(&customer(name, "a@b.c")).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("name"), "{name:?}");
    }
    // U+0085 is white space to Rust's str::trim, not to ECMAScript's \s.
    assert!(validate(&customer("\u{85}", "a@b.c")).is_ok());
}

#[test]
fn an_email_uses_the_same_white_space() {
    assert_eq!(validate(&customer("Ada", "a\u{feff}@b.c")).unwrap_err().field.as_deref(), Some("email"));
    assert!(validate(&customer("Ada", "a\u{85}@b.c")).is_ok());
}

#[test]
fn a_repeated_page_parameter_is_refused_by_name() {
    assert_eq!(page_of(Some("limit=1&limit=2"), 100).unwrap_err().field.as_deref(), Some("limit"));
    assert_eq!(page_of(Some("after=1&limit=2&after=1"), 100).unwrap_err().field.as_deref(), Some("after"));
    assert_eq!(page_of(Some("limit=007&after=0"), 100).unwrap(), (7, 0));
}

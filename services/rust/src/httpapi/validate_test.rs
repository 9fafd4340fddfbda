//! Unit tests of the field rules.
use super::*;
use serde_json::json;

#[test]
fn an_integer_may_have_a_zero_fraction_but_nothing_else() {
    assert_eq!(integer_of(&json!(10)), Some(10));
    assert_eq!(integer_of(&json!(10.0)), Some(10));
    assert_eq!(integer_of(&json!(10.5)), None);
    assert_eq!(integer_of(&json!("10")), None);
}

#[test]
fn integer_text_takes_decimal_digits_only() {
    for text in ["", "abc", "0x10", " 5", "+5", "1.0", "-1", "12345678901234567"] {
        assert_eq!(integer_text(text), None, "{text:?}");
    }
    assert_eq!(integer_text("20"), Some(20));
}

#[test]
fn id_names_the_field_of_the_problem() {
    let obj = json!({"customerId": "7", "amountCents": 0}).as_object().unwrap().clone();
    assert_eq!(obj.id("customerId").unwrap_err().field.as_deref(), Some("customerId"));
    assert_eq!(obj.id("amountCents").unwrap_err().field.as_deref(), Some("amountCents"));
    assert_eq!(obj.id("missing").unwrap_err().field.as_deref(), Some("missing"));
}

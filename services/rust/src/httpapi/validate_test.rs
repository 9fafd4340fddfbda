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
    for text in ["", "abc", "0x10", " 5", "+5", "1.0", "-1", "\u{ff15}"] {
        assert_eq!(integer_text(text), None, "{text:?}");
    }
    assert_eq!(integer_text("20"), Some(20));
}

#[test]
fn integer_text_ignores_leading_zeros_and_saturates_beyond_i64() {
    assert_eq!(integer_text("007"), Some(7));
    assert_eq!(integer_text("00000000000000000000000000042"), Some(42));
    assert_eq!(integer_text("12345678901234567"), Some(12_345_678_901_234_567));
    assert_eq!(integer_text("99999999999999999999999"), Some(i64::MAX));
}

#[test]
fn id_names_the_field_of_the_problem() {
    let obj = json!({"customerId": "7", "amountCents": 0}).as_object().unwrap().clone();
    assert_eq!(obj.id("customerId").unwrap_err().field.as_deref(), Some("customerId"));
    assert_eq!(obj.id("amountCents").unwrap_err().field.as_deref(), Some("amountCents"));
    assert_eq!(obj.id("missing").unwrap_err().field.as_deref(), Some("missing"));
}

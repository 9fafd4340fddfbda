//! The charge: the key lookup, the payment and the stored answer in one IMMEDIATE transaction,
//! so concurrent requests with one key charge once.
use super::Payment;
use crate::store::{now, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

#[derive(Debug, Clone)]
pub struct Charge {
    pub customer_id: i64,
    pub amount_cents: i64,
    pub currency: String,
}

pub enum Outcome {
    Captured(Payment),
    /// The stored answer of an earlier request with the same key and body.
    Replayed {
        status: u16,
        answer: String,
    },
    /// The key was used with a different body.
    KeyReused,
}

pub fn charge(db: &mut Connection, c: &Charge, key: Option<&str>) -> Result<Outcome, StoreError> {
    // "The same body": the same customerId, amountCents and currency.
    let request = format!("{}|{}|{}", c.customer_id, c.amount_cents, c.currency);
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(key) = key {
        let stored: Option<(String, u16, String)> = tx
            .query_row("SELECT request, status, response FROM idempotency_keys WHERE key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        match stored {
            Some((stored_request, status, answer)) if stored_request == request => {
                return Ok(Outcome::Replayed { status, answer })
            }
            Some(_) => return Ok(Outcome::KeyReused),
            None => {}
        }
    }
    let created_at = now();
    let id: i64 = tx.query_row(
        "INSERT INTO payments (customer_id, amount_cents, currency, status, created_at) VALUES (?1, ?2, ?3, 'captured', ?4) RETURNING id",
        (c.customer_id, c.amount_cents, &c.currency, &created_at),
        |r| r.get(0),
    )?;
    let payment = Payment {
        id,
        customer_id: c.customer_id,
        amount_cents: c.amount_cents,
        currency: c.currency.clone(),
        status: "captured".into(),
        created_at,
    };
    if let Some(key) = key {
        let answer = serde_json::to_string(&payment).map_err(|e| StoreError(e.to_string()))?;
        tx.execute(
            "INSERT INTO idempotency_keys (key, request, status, response) VALUES (?1, ?2, 201, ?3)",
            (key, &request, &answer),
        )?;
    }
    tx.commit()?;
    Ok(Outcome::Captured(payment))
}

pub fn find(db: &mut Connection, id: i64) -> Result<Option<Payment>, StoreError> {
    Ok(db
        .query_row(
            "SELECT id, customer_id, amount_cents, currency, status, created_at FROM payments WHERE id = ?1",
            [id],
            |r| {
                Ok(Payment {
                    id: r.get(0)?,
                    customer_id: r.get(1)?,
                    amount_cents: r.get(2)?,
                    currency: r.get(3)?,
                    status: r.get(4)?,
                    created_at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

#[cfg(test)]
#[path = "charge_test.rs"]
mod tests;

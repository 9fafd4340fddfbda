//! Unit tests of the idempotent charge on a real SQLite file.
use super::*;

fn db() -> (tempdir::Dir, Connection) {
    let dir = tempdir::Dir::new();
    let store = Connection::open(dir.0.join("payment.db")).unwrap();
    store.execute_batch(super::super::SCHEMA).unwrap();
    (dir, store)
}

mod tempdir {
    /// A folder removed at the end of the test.
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            let path = std::env::temp_dir().join(format!("scl-charge-{}-{}", std::process::id(), uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn eur(amount_cents: i64) -> Charge {
    Charge { customer_id: 1, amount_cents, currency: "EUR".into() }
}

#[test]
fn the_same_key_and_body_replays_the_stored_answer_and_charges_once() {
    let (_dir, mut db) = db();
    let Outcome::Captured(first) = charge(&mut db, &eur(100), Some("k1")).unwrap() else { panic!("not captured") };
    let Outcome::Replayed { status, answer } = charge(&mut db, &eur(100), Some("k1")).unwrap() else {
        panic!("not replayed")
    };
    assert_eq!(status, 201);
    assert_eq!(answer, serde_json::to_string(&first).unwrap());
    let count: i64 = db.query_row("SELECT COUNT(*) FROM payments", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 1);
}

#[test]
fn the_same_key_with_another_body_is_refused() {
    let (_dir, mut db) = db();
    charge(&mut db, &eur(100), Some("k1")).unwrap();
    assert!(matches!(charge(&mut db, &eur(200), Some("k1")).unwrap(), Outcome::KeyReused));
}

#[test]
fn without_a_key_every_request_charges() {
    let (_dir, mut db) = db();
    charge(&mut db, &eur(100), None).unwrap();
    charge(&mut db, &eur(100), None).unwrap();
    assert_eq!(find(&mut db, 2).unwrap().unwrap().amount_cents, 100);
}

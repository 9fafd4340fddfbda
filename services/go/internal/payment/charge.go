// Charging once: the payment and its idempotency record are written in one transaction.
package payment

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"sidecar-lab.dev/services/internal/httpapi"
	"sidecar-lab.dev/services/internal/store"
)

var errKeyReused = &httpapi.Error{
	Status:  http.StatusUnprocessableEntity,
	Code:    "idempotency_key_reused",
	Message: "this Idempotency-Key was used with a different request body",
}

// charge captures p, or with a key already used replays the stored answer. The transaction
// begins IMMEDIATE (store.Open), so two requests with one key cannot both charge.
func (s *Service) charge(ctx context.Context, p *Payment, key string) (status int, answer []byte, replayed bool, err error) {
	request := fmt.Sprintf("%d|%d|%s", p.CustomerID, p.AmountCents, p.Currency)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, false, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if key != "" {
		var storedRequest string
		err := tx.QueryRowContext(ctx, `SELECT request, status, response FROM idempotency_keys WHERE key = ?`, key).
			Scan(&storedRequest, &status, &answer)
		switch {
		case err == nil && storedRequest == request:
			return status, answer, true, nil
		case err == nil:
			return 0, nil, false, errKeyReused
		case !errors.Is(err, sql.ErrNoRows):
			return 0, nil, false, err
		}
	}
	p.CreatedAt = store.Now()
	err = tx.QueryRowContext(ctx,
		`INSERT INTO payments (customer_id, amount_cents, currency, status, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		p.CustomerID, p.AmountCents, p.Currency, p.Status, p.CreatedAt).Scan(&p.ID)
	if err != nil {
		return 0, nil, false, err
	}
	if answer, err = json.Marshal(p); err != nil {
		return 0, nil, false, err
	}
	if key != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (key, request, status, response) VALUES (?, ?, ?, ?)`,
			key, request, http.StatusCreated, answer); err != nil {
			return 0, nil, false, err
		}
	}
	return http.StatusCreated, answer, false, tx.Commit()
}
